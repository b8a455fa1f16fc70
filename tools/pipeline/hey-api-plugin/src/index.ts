export { dojoFacts, dojoOperations, dojoValidators } from './plugins.js';
export { readFacts, type OperationFact, type PathParamFact, type SpecFacts } from './facts.js';
export { typesWithOpenEnums, valibotWithOpenEnums, OPEN_ENUM } from './open-enums.js';
