import { referencedIds, refersTo } from '../src/private/stack-resources';

/** Resolved CloudFormation as the rules see it: references nested in joins, lists and objects. */
const VALUE = {
  'Fn::Join': ['', [
    { 'Fn::GetAtt': ['Queue', 'Arn'] },
    ':', { Ref: 'Bucket' },
    ':', { 'Fn::GetAtt': 'Key.Arn' },
    ':', [{ Nested: { Ref: 'AWS::Region' } }],
  ]],
};

test('every Ref and Fn::GetAtt, in either form and at any depth, names its logical id once', () => {
  expect([...referencedIds(VALUE)].sort()).toEqual(['AWS::Region', 'Bucket', 'Key', 'Queue']);
  expect([...referencedIds({ Ref: 'Queue', Other: { Ref: 'Queue' } })]).toEqual(['Queue']);
});

test('a value refers to an id only through a reference, not through a string that looks like one', () => {
  for (const id of ['Queue', 'Bucket', 'Key']) expect(refersTo(VALUE, id)).toBe(true);
  expect(refersTo(VALUE, 'Arn')).toBe(false);
  expect(refersTo({ 'Fn::Join': ['', ['Queue', 'Bucket']] }, 'Queue')).toBe(false);
  expect(refersTo(undefined, 'Queue')).toBe(false);
  expect(refersTo('Queue', 'Queue')).toBe(false);
});
