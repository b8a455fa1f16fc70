export { dojoOperations, dojoFacts } from './plugins.js';
export { readFacts, type OperationFact, type PathParamFact, type SpecFacts } from './facts.js';
