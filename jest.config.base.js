// One jest setup for every workspace: swc compiles TypeScript (tsc type-checks separately),
// "./x.js" imports map back to their .ts source (NodeNext style and Prisma's generated client).
module.exports = {
  testEnvironment: "node",
  transform: { "^.+\\.(t|j)sx?$": ["@swc/jest"] },
  transformIgnorePatterns: ["/node_modules/(?!(jose)/)"],
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  testMatch: ["**/?(*.)test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/dist/"],
  testTimeout: 30000,
};
