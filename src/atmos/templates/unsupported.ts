/**
 * Functions that exist in Atmos's template function set (Sprig, Gomplate v3,
 * Atmos's own) but that we deliberately do not implement natively, with the
 * reason. A template that uses one fails with code `unsupported-function`, so
 * the engine can mark the value unresolved or ask the `atmos` CLI instead of
 * inventing a value.
 */

const NON_DETERMINISTIC = 'non-deterministic';
const NEEDS_ATMOS = 'needs external state (delegate to the atmos CLI)';
const CRYPTO = 'key and certificate generation is not supported';
const NOT_YET = 'not implemented natively';

const table: Record<string, string> = {
  // Sprig
  uuidv4: NON_DETERMINISTIC,
  randAlphaNum: NON_DETERMINISTIC,
  randAlpha: NON_DETERMINISTIC,
  randAscii: NON_DETERMINISTIC,
  randNumeric: NON_DETERMINISTIC,
  randInt: NON_DETERMINISTIC,
  randBytes: NON_DETERMINISTIC,
  shuffle: NON_DETERMINISTIC,
  bcrypt: CRYPTO,
  htpasswd: CRYPTO,
  genPrivateKey: CRYPTO,
  derivePassword: CRYPTO,
  buildCustomCert: CRYPTO,
  genCA: CRYPTO,
  genCAWithKey: CRYPTO,
  genSelfSignedCert: CRYPTO,
  genSelfSignedCertWithKey: CRYPTO,
  genSignedCert: CRYPTO,
  genSignedCertWithKey: CRYPTO,
  encryptAES: CRYPTO,
  decryptAES: CRYPTO,
  getHostByName: 'network lookups are not supported',
  semver: NOT_YET,
  semverCompare: NOT_YET,
  urlParse: NOT_YET,
  urlJoin: NOT_YET,
  durationRound: NOT_YET,
  abbrevboth: NOT_YET,
  // Gomplate v3 (top-level names Sprig does not shadow, and namespaces we do not provide)
  datasource: NEEDS_ATMOS,
  ds: NEEDS_ATMOS,
  datasourceExists: NEEDS_ATMOS,
  datasourceReachable: NEEDS_ATMOS,
  defineDatasource: NEEDS_ATMOS,
  include: NEEDS_ATMOS,
  tpl: NOT_YET,
  aws: NEEDS_ATMOS,
  ec2meta: NEEDS_ATMOS,
  ec2dynamic: NEEDS_ATMOS,
  ec2tag: NEEDS_ATMOS,
  ec2region: NEEDS_ATMOS,
  gcp: NEEDS_ATMOS,
  net: 'network lookups are not supported',
  sockaddr: 'network lookups are not supported',
  file: 'file-system access from templates is not supported',
  filepath: NOT_YET,
  path: NOT_YET,
  time: NOT_YET,
  math: NOT_YET,
  crypto: NOT_YET,
  coll: NOT_YET,
  uuid: NON_DETERMINISTIC,
  random: NON_DETERMINISTIC,
  regexp: NOT_YET,
  base64: NOT_YET,
  jsonArray: NOT_YET,
  yamlArray: NOT_YET,
  toml: NOT_YET,
  toTOML: NOT_YET,
  csv: NOT_YET,
  csvByRow: NOT_YET,
  csvByColumn: NOT_YET,
  toCSV: NOT_YET,
  jsonpath: NOT_YET,
  flatten: NOT_YET,
  assert: NOT_YET,
  kind: NOT_YET,
  isKind: NOT_YET,
  // Atmos's own
  atmos: NEEDS_ATMOS,
  collectKeys: NOT_YET,
};

/** Why a function known to Atmos is not available natively, or undefined if we never heard of it. */
export function unsupportedReason(name: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
}
