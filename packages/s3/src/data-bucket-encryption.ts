/** How the data bucket encrypts objects at rest. */
export enum DataBucketEncryption {
  /** SSE-KMS with a customer-managed key that rotates yearly; readers also need the key. */
  KMS = 'KMS',
  /** SSE-S3 (`AES256`), keys managed by S3. */
  S3_MANAGED = 'S3_MANAGED',
}
