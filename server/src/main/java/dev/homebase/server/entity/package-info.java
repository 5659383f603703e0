/**
 * Entity schemas, record validation, and the record operations of the API ({@code RecordService}). Uses {@code query} and {@code store}; knows nothing of HTTP.
 */
package dev.homebase.server.entity;
