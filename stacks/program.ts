/** The stack program: typed config in, resources and outputs out. */
import { loadStackConfig } from "./config";
import { ContentDeliveryOutputs, createContentDelivery } from "./content-delivery";

/** Runs the whole stack; its return value becomes the stack outputs. */
export function stackProgram(): ContentDeliveryOutputs {
    return createContentDelivery(loadStackConfig());
}
