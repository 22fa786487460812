import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CLOUDFRONT_CONTROL_REGION } from "./cloudfront-facts";

/**
 * The provider for resources CloudFront requires in us-east-1 (ACM certificates, Lambda@Edge, WAF
 * ACLs of CLOUDFRONT scope), whatever region the stack deploys to. Pass one to share it between
 * components; otherwise each component creates its own as a child named `${name}-us-east-1`.
 */
export function usEast1Provider(name: string, parent: pulumi.Resource, given?: aws.Provider): aws.Provider {
    return given ?? regionalProvider(name, parent, CLOUDFRONT_CONTROL_REGION);
}

/**
 * An explicit provider for one region, a child of `parent` named `${name}-${region}`. Components that
 * place resources in several regions create one per region, so no resource depends on the stack's
 * `aws:region`.
 */
export function regionalProvider(name: string, parent: pulumi.Resource, region: string): aws.Provider {
    return new aws.Provider(`${name}-${region}`, { region }, { parent });
}
