/**
 * The HTTP surface: the route table ({@code Routes}), one {@code *Api} class per area, request bodies, CORS, the checks every request passes before routing ({@code RequestChecks}: percent-escapes, charsets), and the one error mapper that turns every failure into JSON with a top-level {@code message}. May use every other package; none uses it.
 */
package dev.homebase.server.http;
