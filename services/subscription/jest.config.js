const base = require("../../jest.config.base.js");

// temporal-polyfill (the anniversary rule's independent reference in tests) ships only ES modules:
// swc compiles it like jose.
module.exports = { ...base, transformIgnorePatterns: ["/node_modules/(?!(jose|temporal-polyfill|temporal-utils)/)"] };
