"use strict";
// The npm package onshi: the native addon (onshi.<platform>.node, built by napi-rs from src/), its
// errors as OnshiError subclasses (generated/errors.js, from the core's ErrorClass), and the OQS
// watcher as an async iterator. Thin: every answer is the core's; this file only turns the addon's
// error descriptions into error classes.

const vocabularies = require("./generated/vocabularies.js");
const errors = require("./generated/errors.js");

const { OnshiError, CardError } = errors;
const platform = `${process.platform}-${process.arch}${process.platform === "linux" ? "-gnu" : ""}`;
const native = require(`./onshi.${platform}.node`);

const MARK = "onshi-error:";

/** The error class instance an addon error describes; a panic is an internal OnshiError. */
function converted(e) {
  if (!(e instanceof Error) || e instanceof OnshiError) return e;
  if (e.message.startsWith(MARK)) return described(JSON.parse(e.message.slice(MARK.length)));
  if (e.code !== "GenericFailure") return e; // an argument of the wrong type: napi's TypeError
  return new OnshiError(`a fault inside onshi: ${e.message}`);
}
function described(d) {
  return new errors[d.class](d.message, d);
}

/** `f` with the addon's errors (thrown or rejected) converted. */
function guard(f) {
  return function (...args) {
    try {
      const out = Reflect.apply(f, this, args);
      return out instanceof Promise ? out.catch((e) => Promise.reject(converted(e))) : out;
    } catch (e) {
      throw converted(e);
    }
  };
}

/** A transport the addon calls: the response, or the name of the card error the caller threw. */
const transport = (transmit) => (apdu) => {
  try {
    return transmit(apdu);
  } catch (e) {
    return e instanceof CardError ? e.constructor.name : String(e);
  }
};

/** The addon's class with its methods, getters, statics and constructor guarded (instances the
 * addon makes are `instanceof` it: it shares the prototype). */
function guarded(name, cls) {
  for (const [key, d] of Object.entries(Object.getOwnPropertyDescriptors(cls.prototype))) {
    if (key === "constructor") continue;
    Object.defineProperty(cls.prototype, key, {
      ...d,
      ...(d.get && { get: guard(d.get) }),
      ...(typeof d.value === "function" && { value: guard(d.value) }),
    });
  }
  const wrapper = function (...args) {
    if (name === "JpkiCard" && typeof args[0] === "function") args[0] = transport(args[0]);
    try {
      return Reflect.construct(cls, args, new.target === wrapper || !new.target ? cls : new.target);
    } catch (e) {
      throw converted(e);
    }
  };
  Object.defineProperty(wrapper, "name", { value: name });
  wrapper.prototype = cls.prototype;
  for (const key of Object.getOwnPropertyNames(cls)) {
    if (typeof cls[key] === "function") wrapper[key] = guard(cls[key]);
  }
  return wrapper;
}

for (const [name, value] of Object.entries(native)) {
  const isClass = typeof value === "function" && Object.getOwnPropertyNames(value.prototype ?? {}).length > 1;
  exports[name] = isClass ? guarded(name, value) : typeof value === "function" ? guard(value) : value;
}

// The watcher's poll gives each unreadable file's error as an OqsError; iterating it polls every
// `interval` ms (the polls run on Node's thread pool, so the event loop is never blocked).
const poll = native.OqsWatcher.prototype.poll;
native.OqsWatcher.prototype.poll = async function () {
  const found = await poll.call(this);
  return found.map((f) => (f.error ? { path: f.path, error: described(f.error) } : f));
};
native.OqsWatcher.prototype[Symbol.asyncIterator] = async function* () {
  for (;;) {
    const found = await this.poll();
    yield* found;
    if (found.length === 0) await new Promise((resolve) => setTimeout(resolve, this.interval));
  }
};

Object.assign(exports, errors, vocabularies);
