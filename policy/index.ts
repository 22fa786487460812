/**
 * The guardrail policy pack: `pulumi preview --policy-pack policy` (or `pulumi up --policy-pack policy`)
 * from the repository root. The Pulumi CLI runs this file with ts-node; `@pulumi/policy` and
 * `@pulumi/pulumi` resolve from the repository's own node_modules, so `npm install` at the root is
 * the only installation needed. See README.md in this folder.
 */
import { PolicyPack } from "@pulumi/policy";
import { POLICY_PACK_NAME, guardrailPolicies } from "./policies";

new PolicyPack(POLICY_PACK_NAME, { policies: guardrailPolicies });
