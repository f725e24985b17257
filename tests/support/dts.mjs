// The shipped declaration file read with the TypeScript compiler API, for tests/js/types.test.mjs:
// the API's callables with their option and return types, the option objects nested in an
// options type (derived from the types, so a new nested option is covered without a list), and
// a recursive check of a runtime value against a declared type.
import ts from 'typescript';

/** Index step of an option path (an array element). */
export const INDEX = Symbol('index');

/**
 * Load `file` (a .d.ts) into a program. Returns the checker, the file's diagnostics and its
 * callables: exported functions, static and instance methods and accessors of exported classes.
 */
export function loadDeclarations(file) {
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.esnext.d.ts'],
    types: [],
  });
  const checker = program.getTypeChecker();
  const sourceFile = program.getSourceFile(file);
  if (!sourceFile) throw new Error(`${file}: not loaded`);
  const diagnostics = ts
    .getPreEmitDiagnostics(program, sourceFile)
    .map((d) => {
      const where = d.file && d.start !== undefined ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ` : '';
      return where + ts.flattenDiagnosticMessageText(d.messageText, '\n');
    });
  const moduleSymbol = checker.getSymbolAtLocation(sourceFile);
  const exports = new Map(checker.getExportsOfModule(moduleSymbol).map((s) => [s.name, s]));
  const ownFile = (symbol) => (symbol?.declarations ?? []).some((d) => d.getSourceFile() === sourceFile);
  const typeOf = (symbol) => checker.getTypeOfSymbol(symbol);

  /** name → { name, signature, params: [{ name, type }], returnType } */
  const callables = new Map();
  const addCallable = (name, symbol) => {
    const type = typeOf(symbol);
    const signatures = type.getCallSignatures();
    if (signatures.length === 0) {
      // An accessor or plain property (`customerCount`): its type is what reading it returns.
      callables.set(name, { name, property: true, params: [], returnType: type });
      return;
    }
    if (signatures.length > 1) throw new Error(`${name}: overloads are not handled`);
    const signature = signatures[0];
    const params = signature.getParameters().map((p) => ({ name: p.name, type: typeOf(p) }));
    callables.set(name, { name, property: false, params, returnType: signature.getReturnType() });
  };
  for (const [name, symbol] of exports) {
    if (symbol.flags & ts.SymbolFlags.Function) addCallable(name, symbol);
    if (symbol.flags & ts.SymbolFlags.Class) {
      const skip = (p) => p.name === 'prototype' || p.name === 'free' || p.name.startsWith('__@');
      for (const p of checker.getPropertiesOfType(typeOf(symbol)).filter((p) => !skip(p))) addCallable(`${name}.${p.name}`, p);
      for (const p of checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol)).filter((p) => !skip(p))) addCallable(`${name}.${p.name}`, p);
    }
  }

  const interfaceType = (name) => {
    const symbol = exports.get(name);
    if (!symbol) throw new Error(`no export ${name}`);
    return checker.getDeclaredTypeOfSymbol(symbol);
  };

  return { checker, sourceFile, diagnostics, exports, callables, ownFile, interfaceType, ...typeTools(checker, ownFile) };
}

function typeTools(checker, ownFile) {
  const F = ts.TypeFlags;
  const members = (type) => (type.isUnion() ? type.types : [type]);
  const nullish = (t) => (t.flags & (F.Undefined | F.Null | F.Void)) !== 0;
  const nonNullish = (type) => members(type).filter((t) => !nullish(t));
  const isArrayLike = (t) => checker.isArrayType(t) || checker.isTupleType(t);
  const elementTypes = (t) => checker.getTypeArguments(t);
  const show = (t) => checker.typeToString(t, undefined, ts.TypeFormatFlags.NoTruncation);
  const props = (t) => checker.getPropertiesOfType(t);
  const propType = (p) => checker.getTypeOfSymbol(p);
  const optional = (p) => (p.flags & ts.SymbolFlags.Optional) !== 0;
  const symbolName = (t) => (t.aliasSymbol ?? t.getSymbol())?.name;

  /** An options object at some level: an interface or type literal of the package (not a class,
   *  a function, an array or a lib type such as Uint8Array). */
  const isOptionsObject = (t) =>
    (t.flags & (F.Object | F.Intersection)) !== 0 &&
    !isArrayLike(t) &&
    t.getCallSignatures().length === 0 &&
    t.getConstructSignatures().length === 0 &&
    ownFile(t.getSymbol()) &&
    !(t.getSymbol().flags & ts.SymbolFlags.Class);

  /** The parameter of a callable that takes an options object (index), or -1. */
  const optionsParam = (callable) => callable.params.findIndex((p) => nonNullish(p.type).some(isOptionsObject));

  /**
   * Every level of options objects inside `type`: `{ path, alternatives }`, where `path` is a
   * list of keys and INDEX steps from the top (`['thresholds']`, `['segmentMap', INDEX]`) and
   * `alternatives` the object types declared there (more than one for a union such as
   * `ColumnNames | CustomerColumns | SummaryColumns`). Walks object-typed properties and array
   * and tuple element types.
   */
  function optionLevels(type, path = [], stack = new Set(), out = []) {
    const objects = [];
    for (const t of nonNullish(type)) {
      if (isArrayLike(t)) {
        for (const element of new Set(elementTypes(t))) optionLevels(element, [...path, INDEX], stack, out);
      } else if (isOptionsObject(t)) {
        objects.push(t);
      }
    }
    if (objects.length === 0) return out;
    out.push({ path, alternatives: objects });
    for (const object of objects) {
      if (stack.has(object)) throw new Error(`recursive options type at ${pathText(path)}`);
      stack.add(object);
      for (const p of props(object)) optionLevels(propType(p), [...path, p.name], stack, out);
      stack.delete(object);
    }
    return out;
  }

  /** The string literals of a property type such as `'orders' | 'customers'` ([] when not one). */
  const stringLiterals = (type) => {
    const m = nonNullish(type);
    return m.length > 0 && m.every((t) => t.isStringLiteral()) ? m.map((t) => t.value) : [];
  };

  /**
   * Check `value` against `type`; push one message per mismatch onto `errors`. Objects: every
   * own key declared, every required key present, recursing into properties; arrays: up to
   * `sample` elements (spread over the array); typed arrays: the same typed-array type;
   * primitives: the kind (and the value, for literal types); class instances: the class name.
   */
  function checkValue(value, type, path, errors, sample = 12) {
    const alternatives = members(type);
    const fail = (what) => errors.push(`${path}: ${what}, declared ${show(type)}`);
    if (alternatives.some((t) => t.flags & (F.Any | F.Unknown))) return fail('an imprecise type');
    if (value === undefined) {
      if (!alternatives.some((t) => t.flags & (F.Undefined | F.Void))) fail('undefined');
      return;
    }
    if (value === null) {
      if (!alternatives.some((t) => t.flags & F.Null)) fail('null');
      return;
    }
    switch (typeof value) {
      case 'number':
        if (!alternatives.some((t) => t.flags & F.Number || (t.isNumberLiteral() && t.value === value))) fail(`the number ${value}`);
        return;
      case 'string':
        if (!alternatives.some((t) => t.flags & (F.String | F.TemplateLiteral) || (t.isStringLiteral() && t.value === value))) fail(`the string ${JSON.stringify(value)}`);
        return;
      case 'boolean':
        if (!alternatives.some((t) => t.flags & F.Boolean || (t.flags & F.BooleanLiteral && t.intrinsicName === String(value)))) fail(`${value}`);
        return;
      case 'bigint':
      case 'symbol':
      case 'function':
        return fail(`a ${typeof value}`);
    }
    if (ArrayBuffer.isView(value)) {
      const name = value.constructor.name;
      if (!alternatives.some((t) => symbolName(t) === name && !ownFile(t.getSymbol()))) fail(`a ${name}`);
      return;
    }
    if (Array.isArray(value)) {
      const arrays = alternatives.filter(isArrayLike);
      if (arrays.length === 0) return fail('an array');
      return best(arrays, errors, (t, errs) => checkArray(value, t, path, errs, sample));
    }
    const className = Object.getPrototypeOf(value)?.constructor?.name;
    if (className && className !== 'Object') {
      if (!alternatives.some((t) => symbolName(t) === className && t.getSymbol().flags & ts.SymbolFlags.Class)) fail(`an instance of ${className}`);
      return;
    }
    const objects = alternatives.filter((t) => t.flags & (F.Object | F.Intersection) && !isArrayLike(t) && t.getCallSignatures().length === 0);
    if (objects.length === 0) return fail('an object');
    best(objects, errors, (t, errs) => checkObject(value, t, path, errs, sample));
  }

  /** Of several alternatives, the first that fits; else the errors of the closest. */
  function best(alternatives, errors, check) {
    let closest = null;
    for (const t of alternatives) {
      const errs = [];
      check(t, errs);
      if (errs.length === 0) return;
      if (!closest || errs.length < closest.length) closest = errs;
    }
    errors.push(...closest);
  }

  function checkArray(value, type, path, errors, sample) {
    const elements = elementTypes(type);
    if (checker.isTupleType(type)) {
      const target = type.target;
      if (value.length < target.minLength || (!target.hasRestElement && value.length > target.fixedLength)) {
        errors.push(`${path}: an array of ${value.length}, declared ${show(type)}`);
        return;
      }
      value.forEach((v, i) => checkValue(v, elements[Math.min(i, elements.length - 1)], `${path}[${i}]`, errors, sample));
      return;
    }
    for (const i of spread(value.length, sample)) checkValue(value[i], elements[0], `${path}[${i}]`, errors, sample);
  }

  function checkObject(value, type, path, errors, sample) {
    const declared = new Map(props(type).map((p) => [p.name, p]));
    const index = checker.getIndexInfosOfType(type).find((i) => i.keyType.flags & F.String);
    for (const key of Object.keys(value)) {
      const p = declared.get(key);
      if (p) checkValue(value[key], propType(p), `${path}.${key}`, errors, sample);
      else if (index) checkValue(value[key], index.type, `${path}.${key}`, errors, sample);
      else errors.push(`${path}.${key}: not declared in ${show(type)} (value ${describe(value[key])})`);
    }
    for (const [key, p] of declared) {
      if (!optional(p) && !Object.prototype.hasOwnProperty.call(value, key)) errors.push(`${path}.${key}: declared (${show(propType(p))}) but missing`);
    }
  }

  return { members, nonNullish, isOptionsObject, optionsParam, optionLevels, stringLiterals, checkValue, props, propType, show };
}

/** Up to `n` indices spread over 0 … length − 1, always the first and the last. */
export function spread(length, n) {
  if (length <= n) return [...Array(length).keys()];
  const out = new Set();
  for (let k = 0; k < n; k++) out.add(Math.round((k * (length - 1)) / (n - 1)));
  return [...out];
}

/** `thresholds.recency`, `segmentMap[0].r`: a path as the option reader writes it. */
export function pathText(path) {
  let out = '';
  for (const step of path) out += step === INDEX ? '[0]' : out ? `.${step}` : step;
  return out;
}

/** The options value with `leaf` at `path` (`['rfm', 'segmentMap', INDEX]` → `{ rfm: { segmentMap: [leaf] } }`). */
export function valueAt(path, leaf) {
  return path.reduceRight((inner, step) => (step === INDEX ? [inner] : { [step]: inner }), leaf);
}

function describe(value) {
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${value.length})`;
  if (Array.isArray(value)) return `array(${value.length})`;
  if (value && typeof value === 'object') return `{ ${Object.keys(value).join(', ')} }`;
  return JSON.stringify(value);
}
