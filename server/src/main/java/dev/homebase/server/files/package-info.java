/**
 * Uploaded files: where their bytes live ({@link dev.homebase.server.files.FileStorage}, with
 * {@link dev.homebase.server.files.DiskStorage} under the data folder as the default backend and
 * {@link dev.homebase.server.files.S3Storage} for a bucket of S3 or an S3-compatible server, chosen by
 * {@link dev.homebase.server.files.FileSettings#openStorage()}), the
 * names they get ({@link dev.homebase.server.files.FileNames}), the types they are served with
 * ({@link dev.homebase.server.files.MediaTypes}), byte ranges ({@link dev.homebase.server.files.ByteRange})
 * and the signed URLs of private files ({@link dev.homebase.server.files.SignedUrls}, an HMAC with a
 * per-app key kept in the database).
 *
 * <p>Public files live under the key {@code public/<name>} (their URL {@code /media/<name>} names no app);
 * private ones under {@code private/<appId>/<name>}, so a {@code file_uri} of one app never opens another
 * app's file. May import {@code config} and {@code internal}; never {@code http}.
 */
package dev.homebase.server.files;
