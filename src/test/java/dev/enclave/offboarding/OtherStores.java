package dev.enclave.offboarding;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import dev.enclave.testing.LocalStack;

/**
 * Seeds a tenant's data in Redis, Keycloak and the object store from a test JVM without the application's beans (a
 * packaged-app IT): plain RESP over a socket, the Keycloak Admin REST API as the control plane's client, the AWS SDK.
 */
final class OtherStores {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private OtherStores() {
    }

    static void redisKey(String tenant) throws Exception {
        String prefix = ConfigProvider.getConfig().getValue("enclave.limits.redis.key-prefix", String.class);
        String key = prefix + "{" + tenant + "}:offboarding-test";
        try (Socket socket = new Socket("127.0.0.1", 6379)) {
            OutputStream out = socket.getOutputStream();
            out.write(("*3\r\n$3\r\nSET\r\n$" + key.getBytes(StandardCharsets.UTF_8).length + "\r\n" + key + "\r\n$1\r\n1\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            String answer = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
            if (!"+OK".equals(answer)) {
                throw new IllegalStateException("redis answered " + answer);
            }
        }
    }

    /** A Keycloak user with the admin-only tenant_id attribute, as TenantAccounts makes them. */
    static void keycloakUser(String tenant) throws Exception {
        String realm = LocalStack.Component.KEYCLOAK.url() + "/realms/enclave";
        String secret = ConfigProvider.getConfig().getValue("enclave.identity.admin.client-secret", String.class);
        String form = "grant_type=client_credentials&client_id=enclave-control-plane&client_secret="
                + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        HttpResponse<String> token = HTTP.send(HttpRequest.newBuilder(URI.create(realm + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (token.statusCode() != 200) {
            throw new IllegalStateException("no control-plane token: " + token.statusCode() + " " + token.body());
        }
        String user = """
                {"username": "%s-owner", "email": "%s-owner@example.test", "enabled": true, "attributes": {"tenant_id": ["%s"]}}"""
                .formatted(tenant, tenant, tenant);
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(LocalStack.Component.KEYCLOAK.url()
                + "/admin/realms/enclave/users")).header("Authorization", "Bearer " + JSON.readTree(token.body()).path("access_token").asText())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(user)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("user not created: " + created.statusCode() + " " + created.body());
        }
    }

    /** One file of an export bundle under exports/<tenant>/ (the bucket exists: the instance under test made it). */
    static void exportBundle(String tenant) {
        Config config = ConfigProvider.getConfig();
        try (S3Client s3 = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(config.getOptionalValue("enclave.objectstore.region", String.class).orElse("us-east-1")))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        config.getValue("enclave.objectstore.access-key", String.class),
                        config.getValue("enclave.objectstore.secret-key", String.class))))
                .forcePathStyle(true).requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .endpointOverride(URI.create(config.getValue("enclave.objectstore.endpoint", String.class))).build()) {
            s3.putObject(b -> b.bucket(config.getValue("enclave.objectstore.bucket", String.class))
                    .key("exports/" + tenant + "/e1/documents.ndjson").contentType("application/x-ndjson"),
                    RequestBody.fromString("{\"title\": \"exported\"}\n"));
        }
    }
}
