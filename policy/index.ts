/**
 * The policy pack: `pulumi preview --policy-pack <this directory>`. One policy per file
 * (./policies.ts lists them); each reads inputs by type token (./types.ts). PolicyPack reads its
 * version from ./package.json in the directory the engine starts it in (this one).
 */
import { PolicyPack } from "@pulumi/policy";
import { POLICIES } from "./policies";

new PolicyPack("posit-connect-guardrails", { policies: POLICIES });
