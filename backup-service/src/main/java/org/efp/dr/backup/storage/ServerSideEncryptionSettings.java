package org.efp.dr.backup.storage;

import java.util.Optional;

import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * S3 server-side encryption asked for on every object written ({@code DR_BACKUP_S3_SSE}): the header goes on the
 * PUT and on the multipart upload's creation, which is where S3 takes it for every part.
 */
public record ServerSideEncryptionSettings(ServerSideEncryption algorithm, String kmsKeyId) {

    public static final ServerSideEncryptionSettings NONE = new ServerSideEncryptionSettings(null, null);

    /**
     * From the two settings.
     *
     * @throws IllegalArgumentException naming the variable for an unknown algorithm, or a KMS key without aws:kms
     */
    public static ServerSideEncryptionSettings of(Optional<String> sse, Optional<String> kmsKeyId) {
        String value = sse.map(String::strip).filter(v -> !v.isEmpty() && !v.equalsIgnoreCase("none")).orElse(null);
        String kms = kmsKeyId.map(String::strip).filter(v -> !v.isEmpty()).orElse(null);
        if (value == null) {
            if (kms != null) {
                throw new IllegalArgumentException("DR_BACKUP_S3_SSE_KMS_KEY_ID is set but DR_BACKUP_S3_SSE is not "
                        + "aws:kms");
            }
            return NONE;
        }
        ServerSideEncryption algorithm = value.equalsIgnoreCase("AES256") ? ServerSideEncryption.AES256
                : ServerSideEncryption.fromValue(value.toLowerCase());
        if (algorithm != ServerSideEncryption.AES256 && algorithm != ServerSideEncryption.AWS_KMS
                && algorithm != ServerSideEncryption.AWS_KMS_DSSE) {
            throw new IllegalArgumentException("DR_BACKUP_S3_SSE must be AES256, aws:kms or aws:kms:dsse, not '"
                    + value + "'");
        }
        if (kms != null && algorithm == ServerSideEncryption.AES256) {
            throw new IllegalArgumentException("DR_BACKUP_S3_SSE_KMS_KEY_ID needs DR_BACKUP_S3_SSE=aws:kms, not AES256");
        }
        return new ServerSideEncryptionSettings(algorithm, kms);
    }

    public boolean enabled() {
        return algorithm != null;
    }

    public PutObjectRequest.Builder apply(PutObjectRequest.Builder request) {
        return enabled() ? request.serverSideEncryption(algorithm).ssekmsKeyId(kmsKeyId) : request;
    }

    public CreateMultipartUploadRequest.Builder apply(CreateMultipartUploadRequest.Builder request) {
        return enabled() ? request.serverSideEncryption(algorithm).ssekmsKeyId(kmsKeyId) : request;
    }

    @Override
    public String toString() {
        return enabled() ? algorithm + (kmsKeyId == null ? "" : " (KMS key " + kmsKeyId + ")") : "none";
    }
}
