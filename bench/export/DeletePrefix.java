// Deletes one benchmark run's bundles from the object store (bench/export.sh), so runs do not pile up in S3Proxy's
// directory. Run as a single-file program on the packaged service's classpath:
//   java -cp 'target/quarkus-app/lib/main/*' bench/export/DeletePrefix.java <endpoint> <bucket> <access key> <secret key> <prefix>
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

public class DeletePrefix {
    public static void main(String[] args) {
        try (S3Client s3 = S3Client.builder().endpointOverride(URI.create(args[0])).region(Region.US_EAST_1)
                .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(args[2], args[3]))).build()) {
            // One request per object, as BundleStore does: S3Proxy refuses the checksum header DeleteObjects needs.
            List<String> keys = new ArrayList<>();
            s3.listObjectsV2Paginator(b -> b.bucket(args[1]).prefix(args[4])).contents().forEach(o -> keys.add(o.key()));
            keys.forEach(key -> s3.deleteObject(b -> b.bucket(args[1]).key(key)));
            int deleted = keys.size();
            System.out.println(deleted + " objects deleted under " + args[4]);
        }
    }
}
