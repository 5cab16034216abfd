/**
 * `pullfix/cdk`: pullfix inside `cdk synth`.
 *
 * - `PullfixChecks`: a policy-validation plugin (`Validations.of(app).addPlugins(new PullfixChecks())`),
 *   the mechanism cdk-nag v3 uses; lints the synthesized templates like `pullfix lint cdk.out`.
 * - `PullfixAspect`: an Aspect (`Aspects.of(stack).add(new PullfixAspect())`) that lints each whole
 *   stack and attaches error/warning annotations to the offending constructs.
 * - `PullfixSuppressions`: accepted findings with a mandatory reason; `Validations.of(x).acknowledge`
 *   is honoured as well.
 *
 * aws-cdk-lib and constructs are peer dependencies: only CDK users load this entry point.
 */
export { PullfixChecks, lintTemplates, toViolations, type PullfixChecksProps } from './plugin.js';
export { PullfixAspect, type PullfixAspectProps } from './aspect.js';
export { PullfixSuppressions, type RuleSuppression } from './acknowledgements.js';
