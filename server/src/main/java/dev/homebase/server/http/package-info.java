/**
 * The HTTP surface: the route table ({@code Routes}), one {@code *Api} class per area, request bodies, CORS, the checks every request passes before routing ({@code RequestChecks}: percent-escapes, charsets), the one error mapper that turns every failure into JSON with a top-level {@code message}, how JSON answers are written ({@code JsonAnswers}: straight to the response with their length unless Javalin compresses them), and the router's first pass ({@code SegmentRouter}: routes whose literal path segments differ are not matched by regex). May use every other package; none uses it.
 */
package dev.homebase.server.http;
