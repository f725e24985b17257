// Shared by the Node tests of the package.
import assert from 'node:assert/strict';

/** Call `fn`, expect a CrmkitError; return its code. */
export function errorCode(fn) {
  try {
    fn();
  } catch (err) {
    assert.equal(err.name, 'CrmkitError');
    return err.code;
  }
  assert.fail('expected an error');
}
