"""
CloudFormation resource types moto 5.2.5 does not create, each backed by moto's own service backend
so that the service's API reads back what the template declared.

moto internals relied on (all in moto 5.2.5):
- `moto.core.common_models.CloudFormationModel`: moto finds types through its *direct* subclasses
  (`cloudformation/parsing.py` `get_model_list`); `InstanceTrackerMeta` takes the service from
  `__module__.split(".")[1]`, so every class here sets `__module__ = "moto.<service>.listbackup"`.
- `Ref` resolves to `physical_resource_id`, `Fn::GetAtt` calls `get_cfn_attribute` (parsing.clean_json).
- backends: `cognitoidp_backends` (`create_user_pool`, `create_user_pool_client`,
  `create_user_pool_domain`), `cognitoidentity_backends` (`create_identity_pool`, its `identity_pools`
  map), `apigatewayv2_backends` (`create_api`, `create_authorizer`, `create_integration`,
  `create_route`, `create_stage`), `cloudtrail_backends` (`create_trail`, `put_event_selectors`),
  `s3_backends.put_bucket_policy`, `sqs_backends.set_queue_attributes`, `events_backends.put_permission`.
- `CognitoIdentityResponse` dispatches an action to the method of its snake-case name: the identity
  pool's roles and principal-tag map are served by methods added to it (moto has neither).
"""
import json
from typing import Any

from moto.apigatewayv2.models import apigatewayv2_backends
from moto.cloudtrail.models import cloudtrail_backends
from moto.cognitoidentity.models import cognitoidentity_backends
from moto.cognitoidentity.responses import CognitoIdentityResponse
from moto.cognitoidp.models import cognitoidp_backends
from moto.core.common_models import CloudFormationModel
from moto.events.models import events_backends
from moto.s3.models import s3_backends
from moto.sqs.models import sqs_backends


def _tags(tags: Any) -> dict[str, str]:
    if isinstance(tags, dict):
        return tags
    return {t["Key"]: t["Value"] for t in tags or []}


def _camel(value: Any) -> Any:
    """CloudFormation's PascalCase property names as the REST-JSON APIs spell them (camelCase)."""
    if isinstance(value, dict):
        return {k[:1].lower() + k[1:]: _camel(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_camel(v) for v in value]
    return value


class _Model:
    """
    What every added type shares (a physical id, attributes by name, update by replacement), as the
    first base of each type's class. It is no CloudFormationModel itself, so moto never lists it as
    a type; each class that has it as a base is a direct CloudFormationModel subclass too.
    """

    ATTRIBUTES: tuple[str, ...] = ()

    def __init__(self, physical_id: str, attributes: dict[str, str] | None = None, delete=None):
        self._physical_id = physical_id
        self._attributes = attributes or {}
        self._delete = delete

    @property
    def physical_resource_id(self) -> str:
        return self._physical_id

    @staticmethod
    def cloudformation_name_type() -> str:
        return ""

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr in cls.ATTRIBUTES

    def get_cfn_attribute(self, attribute_name: str) -> str:
        from moto.cloudformation.exceptions import UnformattedGetAttTemplateException

        if attribute_name in self._attributes:
            return self._attributes[attribute_name]
        raise UnformattedGetAttTemplateException()

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
        if original_resource is not None and original_resource._delete:
            original_resource._delete()
        return cls.create_from_cloudformation_json(new_resource_name, cloudformation_json, account_id, region_name)

    @classmethod
    def delete_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name):
        return None

    def delete(self, account_id: str, region_name: str) -> None:
        if self._delete:
            self._delete()


def _model(service: str, cfn_type: str, attributes: tuple[str, ...] = ()):
    """Declares a direct CloudFormationModel subclass for `cfn_type` (see the module docstring)."""

    def wrap(create):
        body = {
            "__module__": f"moto.{service}.listbackup",
            "ATTRIBUTES": attributes,
            "cloudformation_type": staticmethod(lambda: cfn_type),
            "create_from_cloudformation_json": classmethod(
                lambda cls, resource_name, cloudformation_json, account_id, region_name, **kwargs: cls(
                    *create(resource_name, cloudformation_json.get("Properties", {}), account_id, region_name)
                )
            ),
        }
        return type(cfn_type.replace("::", ""), (_Model, CloudFormationModel), body)

    return wrap


ADDED: list[type] = []


def _add(service: str, cfn_type: str, attributes: tuple[str, ...] = ()):
    def register(create):
        ADDED.append(_model(service, cfn_type, attributes)(create))
        return create

    return register


# --- Cognito user pools -------------------------------------------------------------------------


@_add("cognitoidp", "AWS::Cognito::UserPool", ("Arn", "ProviderName", "ProviderURL", "UserPoolId"))
def _user_pool(name, props, account_id, region):
    backend = cognitoidp_backends[account_id][region]
    config = {k: v for k, v in props.items() if k not in ("UserPoolName", "EnabledMfas", "UserPoolTags")}
    config["UserPoolTags"] = _tags(props.get("UserPoolTags"))
    pool = backend.create_user_pool(props.get("UserPoolName", name), config)
    provider = f"cognito-idp.{region}.amazonaws.com/{pool.id}"
    attrs = {"Arn": pool.arn, "ProviderName": provider, "ProviderURL": f"https://{provider}", "UserPoolId": pool.id}
    return pool.id, attrs, lambda: backend.user_pools.pop(pool.id, None)


@_add("cognitoidp", "AWS::Cognito::UserPoolClient", ("ClientId", "ClientSecret", "Name"))
def _user_pool_client(name, props, account_id, region):
    backend = cognitoidp_backends[account_id][region]
    config = {k: v for k, v in props.items() if k not in ("UserPoolId", "GenerateSecret")}
    config.setdefault("ClientName", name)
    client = backend.create_user_pool_client(props["UserPoolId"], bool(props.get("GenerateSecret")), config)
    pool = backend.user_pools[props["UserPoolId"]]
    attrs = {"ClientId": client.id, "ClientSecret": client.secret if client.generate_secret else "", "Name": config["ClientName"]}
    return client.id, attrs, lambda: pool.clients.pop(client.id, None)


@_add("cognitoidp", "AWS::Cognito::UserPoolDomain", ("CloudFrontDistribution",))
def _user_pool_domain(name, props, account_id, region):
    backend = cognitoidp_backends[account_id][region]
    domain = backend.create_user_pool_domain(props["UserPoolId"], props["Domain"], props.get("CustomDomainConfig"))
    return props["Domain"], {"CloudFrontDistribution": domain._distribution_name()}, lambda: backend.delete_user_pool_domain(props["Domain"])


# --- Cognito identity pools ---------------------------------------------------------------------


@_add("cognitoidentity", "AWS::Cognito::IdentityPool", ("Name", "Id"))
def _identity_pool(name, props, account_id, region):
    backend = cognitoidentity_backends[account_id][region]
    created = json.loads(backend.create_identity_pool(
        identity_pool_name=props.get("IdentityPoolName", name.replace("-", "_")[:128]),
        allow_unauthenticated_identities=bool(props.get("AllowUnauthenticatedIdentities")),
        supported_login_providers=props.get("SupportedLoginProviders") or {},
        developer_provider_name=props.get("DeveloperProviderName"),
        open_id_connect_provider_arns=props.get("OpenIdConnectProviderARNs") or [],
        cognito_identity_providers=props.get("CognitoIdentityProviders") or [],
        saml_provider_arns=props.get("SamlProviderARNs") or [],
        tags=_tags(props.get("IdentityPoolTags")),
    ))
    pool_id = created["IdentityPoolId"]
    return pool_id, {"Name": created["IdentityPoolName"], "Id": pool_id}, lambda: backend.identity_pools.pop(pool_id, None)


def _identity_pool_of(account_id, region, pool_id):
    pool = cognitoidentity_backends[account_id][region].identity_pools.get(pool_id)
    if pool is None:
        raise ValueError(f"identity pool {pool_id} does not exist")
    return pool


@_add("cognitoidentity", "AWS::Cognito::IdentityPoolRoleAttachment", ("Id",))
def _role_attachment(name, props, account_id, region):
    pool = _identity_pool_of(account_id, region, props["IdentityPoolId"])
    pool.listbackup_roles = dict(props.get("Roles") or {})
    pool.listbackup_role_mappings = dict(props.get("RoleMappings") or {})
    return props["IdentityPoolId"], {"Id": props["IdentityPoolId"]}, lambda: setattr(pool, "listbackup_roles", {})


@_add("cognitoidentity", "AWS::Cognito::IdentityPoolPrincipalTag")
def _principal_tag(name, props, account_id, region):
    pool = _identity_pool_of(account_id, region, props["IdentityPoolId"])
    maps = getattr(pool, "listbackup_principal_tags", {})
    maps[props["IdentityProviderName"]] = {"PrincipalTags": dict(props.get("PrincipalTags") or {}), "UseDefaults": bool(props.get("UseDefaults"))}
    pool.listbackup_principal_tags = maps
    return f"{props['IdentityPoolId']}|{props['IdentityProviderName']}", {}, lambda: maps.pop(props["IdentityProviderName"], None)


def _get_identity_pool_roles(self):
    pool_id = self._get_param("IdentityPoolId")
    pool = _identity_pool_of(self.current_account, self.region, pool_id)
    return json.dumps({"IdentityPoolId": pool_id, "Roles": getattr(pool, "listbackup_roles", {}), "RoleMappings": getattr(pool, "listbackup_role_mappings", {})})


def _get_principal_tag_attribute_map(self):
    pool_id = self._get_param("IdentityPoolId")
    provider = self._get_param("IdentityProviderName")
    pool = _identity_pool_of(self.current_account, self.region, pool_id)
    found = getattr(pool, "listbackup_principal_tags", {}).get(provider, {"PrincipalTags": {}, "UseDefaults": True})
    return json.dumps({"IdentityPoolId": pool_id, "IdentityProviderName": provider, **found})


# --- API Gateway v2 -----------------------------------------------------------------------------


@_add("apigatewayv2", "AWS::ApiGatewayV2::Api", ("ApiEndpoint", "ApiId"))
def _api(name, props, account_id, region):
    backend = apigatewayv2_backends[account_id][region]
    api = backend.create_api(
        api_key_selection_expression=props.get("ApiKeySelectionExpression"),
        cors_configuration=_camel(props.get("CorsConfiguration")),
        description=props.get("Description"),
        disable_schema_validation=props.get("DisableSchemaValidation"),
        disable_execute_api_endpoint=props.get("DisableExecuteApiEndpoint"),
        name=props.get("Name", name),
        protocol_type=props.get("ProtocolType", "HTTP"),
        route_selection_expression=props.get("RouteSelectionExpression"),
        tags=_tags(props.get("Tags")),
        version=props.get("Version"),
    )
    return api.api_id, {"ApiId": api.api_id, "ApiEndpoint": f"https://{api.api_id}.execute-api.{region}.amazonaws.com"}, lambda: backend.delete_api(api.api_id)


@_add("apigatewayv2", "AWS::ApiGatewayV2::Authorizer", ("AuthorizerId",))
def _authorizer(name, props, account_id, region):
    backend = apigatewayv2_backends[account_id][region]
    authorizer = backend.create_authorizer(
        api_id=props["ApiId"],
        auth_creds_arn=props.get("AuthorizerCredentialsArn"),
        auth_payload_format_version=props.get("AuthorizerPayloadFormatVersion"),
        auth_result_ttl=props.get("AuthorizerResultTtlInSeconds"),
        authorizer_uri=props.get("AuthorizerUri"),
        authorizer_type=props["AuthorizerType"],
        enable_simple_response=props.get("EnableSimpleResponses"),
        identity_source=props.get("IdentitySource"),
        identity_validation_expr=props.get("IdentityValidationExpression"),
        jwt_config=_camel(props.get("JwtConfiguration")),
        name=props.get("Name", name),
    )
    return authorizer.id, {"AuthorizerId": authorizer.id}, lambda: backend.delete_authorizer(props["ApiId"], authorizer.id)


@_add("apigatewayv2", "AWS::ApiGatewayV2::Integration", ("IntegrationId",))
def _integration(name, props, account_id, region):
    backend = apigatewayv2_backends[account_id][region]
    integration = backend.create_integration(
        api_id=props["ApiId"],
        connection_id=props.get("ConnectionId"),
        connection_type=props.get("ConnectionType"),
        content_handling_strategy=props.get("ContentHandlingStrategy"),
        credentials_arn=props.get("CredentialsArn"),
        description=props.get("Description"),
        integration_method=props.get("IntegrationMethod"),
        integration_subtype=props.get("IntegrationSubtype"),
        integration_type=props["IntegrationType"],
        integration_uri=props.get("IntegrationUri"),
        passthrough_behavior=props.get("PassthroughBehavior"),
        payload_format_version=props.get("PayloadFormatVersion"),
        request_parameters=props.get("RequestParameters"),
        request_templates=props.get("RequestTemplates"),
        response_parameters=props.get("ResponseParameters"),
        template_selection_expression=props.get("TemplateSelectionExpression"),
        timeout_in_millis=props.get("TimeoutInMillis"),
        tls_config=_camel(props.get("TlsConfig")),
    )
    return integration.id, {"IntegrationId": integration.id}, lambda: backend.delete_integration(props["ApiId"], integration.id)


@_add("apigatewayv2", "AWS::ApiGatewayV2::Route", ("RouteId",))
def _route(name, props, account_id, region):
    backend = apigatewayv2_backends[account_id][region]
    route = backend.create_route(
        api_id=props["ApiId"],
        api_key_required=bool(props.get("ApiKeyRequired")),
        authorization_scopes=props.get("AuthorizationScopes") or [],
        authorization_type=props.get("AuthorizationType", "NONE"),
        authorizer_id=props.get("AuthorizerId"),
        model_selection_expression=props.get("ModelSelectionExpression"),
        operation_name=props.get("OperationName"),
        request_models=props.get("RequestModels"),
        request_parameters=props.get("RequestParameters"),
        route_key=props["RouteKey"],
        route_response_selection_expression=props.get("RouteResponseSelectionExpression"),
        target=props.get("Target"),
    )
    return route.route_id, {"RouteId": route.route_id}, lambda: backend.delete_route(props["ApiId"], route.route_id)


@_add("apigatewayv2", "AWS::ApiGatewayV2::Stage")
def _stage(name, props, account_id, region):
    backend = apigatewayv2_backends[account_id][region]
    config = _camel({k: v for k, v in props.items() if k not in ("ApiId", "Tags")})
    config["tags"] = _tags(props.get("Tags"))
    stage = backend.create_stage(props["ApiId"], config)
    return stage.name, {}, lambda: backend.delete_stage(props["ApiId"], stage.name)


# --- CloudTrail ---------------------------------------------------------------------------------


@_add("cloudtrail", "AWS::CloudTrail::Trail", ("Arn", "SnsTopicArn"))
def _trail(name, props, account_id, region):
    backend = cloudtrail_backends[account_id][region]
    trail_name = props.get("TrailName", name)
    trail = backend.create_trail(
        name=trail_name,
        bucket_name=props["S3BucketName"],
        s3_key_prefix=props.get("S3KeyPrefix"),
        sns_topic_name=props.get("SnsTopicName"),
        is_global=props.get("IncludeGlobalServiceEvents", True),
        is_multi_region=props.get("IsMultiRegionTrail", False),
        log_validation=props.get("EnableLogFileValidation", False),
        is_org_trail=props.get("IsOrganizationTrail", False),
        cw_log_group_arn=props.get("CloudWatchLogsLogGroupArn"),
        cw_role_arn=props.get("CloudWatchLogsRoleArn"),
        kms_key_id=props.get("KMSKeyId"),
        tags_list=props.get("Tags") or [],
    )
    if props.get("EventSelectors") or props.get("AdvancedEventSelectors"):
        trail.put_event_selectors(props.get("EventSelectors") or [], props.get("AdvancedEventSelectors") or [])
    if props.get("IsLogging"):
        trail.start_logging()
    return trail_name, {"Arn": trail.arn, "SnsTopicArn": ""}, lambda: backend.delete_trail(trail_name)


# --- resource policies --------------------------------------------------------------------------


@_add("s3", "AWS::S3::BucketPolicy")
def _bucket_policy(name, props, account_id, region):
    backend = s3_backends[account_id]["global"]
    bucket = props["Bucket"]
    backend.put_bucket_policy(bucket, json.dumps(props["PolicyDocument"]).encode())
    return bucket, {}, lambda: backend.delete_bucket_policy(bucket)


@_add("sqs", "AWS::SQS::QueuePolicy")
def _queue_policy(name, props, account_id, region):
    backend = sqs_backends[account_id][region]
    names = [url.rstrip("/").split("/")[-1] for url in props["Queues"]]
    for queue in names:
        backend.set_queue_attributes(queue, {"Policy": json.dumps(props["PolicyDocument"])})
    return "|".join(names), {}, lambda: [backend.set_queue_attributes(q, {"Policy": ""}) for q in names]


@_add("events", "AWS::Events::EventBusPolicy")
def _event_bus_policy(name, props, account_id, region):
    backend = events_backends[account_id][region]
    bus = props.get("EventBusName") or "default"
    if props.get("Statement"):
        statement = dict(props["Statement"])
        statement.setdefault("Sid", props["StatementId"])
        backend.put_permission(bus, None, None, None, None, json.dumps({"Version": "2012-10-17", "Statement": [statement]}))
    else:
        backend.put_permission(bus, props.get("Action"), props.get("Principal"), props["StatementId"], props.get("Condition"), None)
    return props["StatementId"], {}, lambda: backend.remove_permission(bus, props["StatementId"], False)


def install() -> None:
    # The classes are created at import; here the identity pool's read APIs join moto's.
    CognitoIdentityResponse.get_identity_pool_roles = _get_identity_pool_roles
    CognitoIdentityResponse.get_principal_tag_attribute_map = _get_principal_tag_attribute_map
