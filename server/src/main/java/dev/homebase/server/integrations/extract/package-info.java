/**
 * The Core integration {@code ExtractDataFromUploadedFile} (api-contract §7.1): a file of this server (a public
 * {@code /media/<name>} URL or a signed private one, {@link dev.homebase.server.integrations.extract.FileUrls}) is
 * read from the file storage, never over HTTP. CSV, JSON and XLSX are read without a model
 * ({@link dev.homebase.server.integrations.extract.TableReaders}) and mapped onto the caller's JSON Schema with values
 * coerced to its types ({@link dev.homebase.server.integrations.extract.SchemaMapping}); PDF and DOCX text and images
 * go to the model provider with the schema as structured output ({@link dev.homebase.server.integrations.extract.ModelExtractor},
 * the InvokeLLM path of {@code ai/}). {@link dev.homebase.server.integrations.extract.DataExtraction} ties them together
 * and builds the §7.1 envelope.
 *
 * <p>May import {@code files}, {@code ai} and {@code internal}; never {@code http}. A refused request is an
 * {@link dev.homebase.server.integrations.extract.ExtractException} (the web layer answers its 4xx); a file that
 * does not yield the data is an answer, {@code {"status": "error", "details": ..., "output": null}}.
 */
package dev.homebase.server.integrations.extract;
