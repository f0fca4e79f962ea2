/**
 * Jest-only transform for the OTLP exporter's transport: it loads `http`/`https` with a
 * dynamic `import()`, which Jest's module sandbox refuses without --experimental-vm-modules.
 * Outside Jest (the gateway itself) the package runs unchanged; here the two built-ins are
 * required instead, which loads the same modules.
 */
module.exports = {
  process(source) {
    return {
      code: source.replace(/\bimport\((['"])(https?)\1\)/g, "Promise.resolve(require('$2'))"),
    };
  },
};
