package dev.homebase.server.files;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Files in a bucket of S3 or an S3-compatible server, with the AWS SDK v2 over the JDK's URL connection. Several
 * nodes pointed at one bucket share their files.
 *
 * <p>An upload is read as a stream: up to one part ({@link S3Settings#partSize()}) is buffered; a file that fits is
 * sent with one {@code PutObject}, a larger one as a multipart upload, one part at a time, so an upload never holds
 * more than one part in memory. A file is visible only once it is whole (S3 publishes an object when its
 * {@code PutObject} or {@code CompleteMultipartUpload} succeeds); an upload that fails or passes the size limit
 * aborts its multipart upload, so nothing is left behind. Reads of a byte range are ranged {@code GetObject}s.
 * Thread-safe.
 */
public final class S3Storage implements FileStorage {
    private static final Logger log = LoggerFactory.getLogger(S3Storage.class);
    private static final int FIRST_BUFFER = 64 * 1024;

    private final S3Client s3;
    private final String bucket;
    private final int partSize;

    S3Storage(S3Client s3, String bucket, int partSize) {
        this.s3 = s3;
        this.bucket = bucket;
        this.partSize = partSize;
    }

    /**
     * Connects to the bucket and checks it is there and usable ({@code HeadBucket}).
     *
     * @throws IllegalArgumentException one line naming the bucket, the reason and what to check
     */
    public static S3Storage open(S3Settings settings) {
        AwsCredentialsProvider credentials = settings.accessKey().isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey().get(), settings.secretKey().orElseThrow()))
                : DefaultCredentialsProvider.builder().build();
        var builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(10)).socketTimeout(Duration.ofSeconds(60)).build())
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(settings.pathStyle())
                // NB: checksums only where S3 demands them: S3-compatible servers differ in the newer checksum
                // trailers (aws-chunked bodies), and the transport (TLS, or loopback) already guards the bytes.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        settings.endpoint().ifPresent(builder::endpointOverride);
        S3Client client = builder.build();
        try {
            client.headBucket(b -> b.bucket(settings.bucket()));
        } catch (SdkException e) {
            client.close();
            throw new IllegalArgumentException("HOMEBASE_STORAGE=s3 cannot use the " + settings.describe() + " (" + reason(e)
                    + "); check HOMEBASE_S3_ENDPOINT, HOMEBASE_S3_BUCKET, HOMEBASE_S3_REGION and the keys", e);
        }
        log.info("files are kept in the S3 {}", settings.describe());
        return new S3Storage(client, settings.bucket(), settings.partSize());
    }

    /** Why a call failed, in a few words (never a key: the SDK's messages do not carry them). */
    private static String reason(SdkException e) {
        if (e instanceof S3Exception s) {
            return switch (s.statusCode()) {
                case 404 -> "no such bucket";
                case 403 -> "access denied: the keys are wrong or may not use this bucket";
                case 301, 400 -> "the server refused the request (HTTP " + s.statusCode() + "): is HOMEBASE_S3_REGION right?";
                default -> "HTTP " + s.statusCode();
            };
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return "cannot reach it: " + m.lines().findFirst().orElse(m);
    }

    @Override
    public long put(String key, InputStream in, long maxBytes) throws IOException {
        byte[] buffer = new byte[(int) Math.min(FIRST_BUFFER, Math.min(partSize, maxBytes + 1))];
        int filled = fill(in, buffer, 0);
        // Grow up to one part (or one byte past the limit), so small files never cost a part's memory.
        while (filled == buffer.length && buffer.length < partSize && buffer.length <= maxBytes) {
            buffer = Arrays.copyOf(buffer, (int) Math.min((long) buffer.length * 2, Math.min(partSize, maxBytes + 1)));
            filled = fill(in, buffer, filled);
        }
        if (filled > maxBytes) throw new TooLargeException(maxBytes);
        if (filled < partSize) { // the stream ended inside the buffer: one PutObject
            byte[] whole = buffer;
            int length = filled;
            try {
                s3.putObject(p -> p.bucket(bucket).key(key).contentLength((long) length),
                        RequestBody.fromInputStream(new ByteArrayInputStream(whole, 0, length), length));
            } catch (SdkException e) {
                throw new IOException("S3 PutObject of " + key + " failed: " + e.getMessage(), e);
            }
            return length;
        }
        return putMultipart(key, in, maxBytes, buffer);
    }

    /** A file larger than one part: a multipart upload, aborted when anything fails. {@code first} is a full first part. */
    private long putMultipart(String key, InputStream in, long maxBytes, byte[] first) throws IOException {
        String uploadId;
        try {
            uploadId = s3.createMultipartUpload(c -> c.bucket(bucket).key(key)).uploadId();
        } catch (SdkException e) {
            throw new IOException("S3 CreateMultipartUpload of " + key + " failed: " + e.getMessage(), e);
        }
        boolean done = false;
        try {
            List<CompletedPart> parts = new ArrayList<>();
            byte[] buffer = first;
            int filled = first.length;
            long total = filled;
            while (true) {
                int number = parts.size() + 1;
                int length = filled;
                String etag = s3.uploadPart(u -> u.bucket(bucket).key(key).uploadId(uploadId).partNumber(number).contentLength((long) length),
                        RequestBody.fromInputStream(new ByteArrayInputStream(buffer, 0, length), length)).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                if (filled < buffer.length) break; // that was the last part
                filled = fill(in, buffer, 0);
                if (filled == 0) break;
                total += filled;
                if (total > maxBytes) throw new TooLargeException(maxBytes);
            }
            s3.completeMultipartUpload(c -> c.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
            done = true;
            return total;
        } catch (SdkException e) {
            throw new IOException("S3 multipart upload of " + key + " failed: " + e.getMessage(), e);
        } finally {
            if (!done) abort(key, uploadId);
        }
    }

    private void abort(String key, String uploadId) {
        try {
            s3.abortMultipartUpload(a -> a.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException e) { // the bucket's lifecycle rule for incomplete uploads is the last resort
            log.warn("could not abort the S3 multipart upload of {}: {}", key, e.getMessage());
        }
    }

    /**
     * Reads into {@code buffer} from {@code offset} until it is full or the stream ends.
     *
     * @return how many bytes the buffer holds
     */
    private static int fill(InputStream in, byte[] buffer, int offset) throws IOException {
        int filled = offset;
        for (int n; filled < buffer.length && (n = in.read(buffer, filled, buffer.length - filled)) != -1; ) filled += n;
        return filled;
    }

    @Override
    public Optional<Stat> stat(String key) throws IOException {
        try {
            HeadObjectResponse head = s3.headObject(h -> h.bucket(bucket).key(key));
            return Optional.of(new Stat(head.contentLength(), head.lastModified()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) return Optional.empty();
            throw new IOException("S3 HeadObject of " + key + " failed: " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException("S3 HeadObject of " + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        if (length <= 0) return InputStream.nullInputStream();
        try {
            return s3.getObject(g -> g.bucket(bucket).key(key).range("bytes=" + offset + "-" + (offset + length - 1)));
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(key);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) throw new NoSuchFileException(key);
            throw new IOException("S3 GetObject of " + key + " failed: " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException("S3 GetObject of " + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean delete(String key) throws IOException {
        if (stat(key).isEmpty()) return false; // DeleteObject does not say whether there was one
        try {
            s3.deleteObject(d -> d.bucket(bucket).key(key));
            return true;
        } catch (SdkException e) {
            throw new IOException("S3 DeleteObject of " + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        s3.close();
    }
}
