/**
 * IAM policy pieces shared by the components that run Lambda functions (Lambda@Edge and regional), so
 * the trust and log grants are written once.
 */

/**
 * The service principal of AWS Lambda, trusted by every function's execution role.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html
 */
export const LAMBDA_PRINCIPAL = "lambda.amazonaws.com";

/**
 * The trust (assume-role) policy letting `services` assume a role, as JSON. One service is written as a
 * plain string, several as a list, which is how IAM itself returns them (so no diff after a refresh).
 * @example serviceTrustPolicy([LAMBDA_PRINCIPAL])
 */
export function serviceTrustPolicy(services: readonly string[]): string {
    if (services.length === 0) throw new RangeError("serviceTrustPolicy: name at least one service principal");
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: services.length === 1 ? services[0] : [...services] }, Action: "sts:AssumeRole" }],
    });
}

/**
 * What a function needs on its own log group to write its logs (`Resource`: the group's ARN followed by
 * `:*`, i.e. its streams); creating the group is granted separately, only where the function must.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html
 */
export const LOG_WRITE_ACTIONS: readonly string[] = ["logs:CreateLogStream", "logs:PutLogEvents"];
