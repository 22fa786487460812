/**
 * Client fixtures shared by the handshake codec's tests and the live client checks: written apart from
 * the catalogue (components/tls-clients/client-catalogue.ts), so a mistake in its data cannot pass a test
 * that reads the same data.
 */
import type { ClientHelloTemplate } from "../../components/tls-clients/client-profile";

/** A BoringSSL-style (current Chrome) hello: GREASE everywhere, a hybrid post-quantum key share first, the padding slot. */
export const GREASE_HYBRID_HELLO: ClientHelloTemplate = {
    format: "tls",
    recordVersion: 0x0301,
    clientVersion: 0x0303,
    sessionIdLength: 32,
    compressionMethods: [0],
    keyShareGroups: [0x3a3a, 0x11ec, 0x001d],
    extensions: [
        { type: 0x4a4a, data: "" },
        { type: 0 },
        { type: 23, data: "" },
        { type: 65281, data: "00" },
        { type: 10, data: "000a3a3a11ec001d00170018" },
        { type: 11, data: "0100" },
        { type: 35, data: "" },
        { type: 16, data: "000c02683208687474702f312e31" },
        { type: 5, data: "0100000000" },
        { type: 13, data: "001004030804040105030805050108060601" },
        { type: 18, data: "" },
        { type: 51 },
        { type: 45, data: "0101" },
        { type: 43, data: "065a5a03040303" },
        { type: 27, data: "020002" },
        { type: 0x5a5a, data: "00" },
        { type: 21 },
    ],
};

/** The suites that hello offers, GREASE first. */
export const GREASE_HYBRID_SUITES = [0x2a2a, 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035];
