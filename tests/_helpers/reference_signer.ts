/**
 * The AWS SDK's own SigV4 signer (@smithy/signature-v4) for S3, the
 * reference our signatures are compared with and test buckets check them by.
 */
import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256 } from "@aws-crypto/sha256-js";

export function referenceSigner(
  credentials: { accessKeyId: string; secretAccessKey: string },
  region: string,
): SignatureV4 {
  return new SignatureV4({
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
    },
    region,
    service: "s3",
    sha256: Sha256,
    // Paths are given as S3 canonicalises them, not escaped again.
    uriEscapePath: false,
    applyChecksum: false,
  });
}
