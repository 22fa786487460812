/**
 * The default API handler of a `RegionalApiFailover`: answers every path with the region it runs
 * in, which is what you want to see while rehearsing a failover (`curl https://api.example.com/v1/`).
 */
import type { APIGatewayProxyResult } from "aws-lambda";

/** The answer for a request served in `region`. */
export function helloResponse(region: string | undefined): APIGatewayProxyResult {
    return {
        statusCode: 200,
        headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
        body: `hello from ${region ?? "an unknown region"}`,
    };
}

/** The Lambda entry point (API Gateway proxy integration). Lambda sets `AWS_REGION`. */
export async function handler(): Promise<APIGatewayProxyResult> {
    return helloResponse(process.env.AWS_REGION);
}
