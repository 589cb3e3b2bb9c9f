package org.efp.dr.backup.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

class ServerSideEncryptionSettingsTest {

    @Test
    void aes256IsAskedForOnPutsAndMultipartUploads() {
        // Given
        ServerSideEncryptionSettings sse = ServerSideEncryptionSettings.of(Optional.of("AES256"), Optional.empty());

        // When
        PutObjectRequest put = sse.apply(PutObjectRequest.builder().bucket("b").key("k")).build();
        CreateMultipartUploadRequest multipart = sse.apply(CreateMultipartUploadRequest.builder().bucket("b")
                .key("k")).build();

        // Then
        assertThat(put.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
        assertThat(multipart.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
        assertThat(put.ssekmsKeyId()).isNull();
    }

    @Test
    void kmsCarriesItsKeyId() {
        // Given
        ServerSideEncryptionSettings sse = ServerSideEncryptionSettings.of(Optional.of("aws:kms"),
                Optional.of("alias/efp-dr-backups"));

        // When
        CreateMultipartUploadRequest multipart = sse.apply(CreateMultipartUploadRequest.builder().bucket("b")
                .key("k")).build();

        // Then
        assertThat(multipart.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
        assertThat(multipart.ssekmsKeyId()).isEqualTo("alias/efp-dr-backups");
    }

    @Test
    void unsetOrNoneAsksForNothing() {
        // When
        PutObjectRequest put = ServerSideEncryptionSettings.of(Optional.of("none"), Optional.empty())
                .apply(PutObjectRequest.builder().bucket("b").key("k")).build();

        // Then
        assertThat(put.serverSideEncryption()).isNull();
        assertThat(ServerSideEncryptionSettings.of(Optional.empty(), Optional.empty()).enabled()).isFalse();
    }

    @Test
    void unknownAlgorithmsAndAStrayKmsKeyAreRefusedNamingTheVariable() {
        assertThatThrownBy(() -> ServerSideEncryptionSettings.of(Optional.of("rot13"), Optional.empty()))
                .hasMessageContaining("DR_BACKUP_S3_SSE").hasMessageContaining("rot13");
        assertThatThrownBy(() -> ServerSideEncryptionSettings.of(Optional.of("AES256"), Optional.of("alias/x")))
                .hasMessageContaining("DR_BACKUP_S3_SSE_KMS_KEY_ID");
        assertThatThrownBy(() -> ServerSideEncryptionSettings.of(Optional.empty(), Optional.of("alias/x")))
                .hasMessageContaining("DR_BACKUP_S3_SSE_KMS_KEY_ID");
    }
}
