/**
 * Moving an app in from the hosted Base44 ({@code homebase import-base44}): reads records and users from a source
 * that speaks the public wire protocol ({@link dev.homebase.server.move.SourceApi}) and writes them straight through
 * the store layer, keeping ids, dates and owners ({@link dev.homebase.server.move.Base44Move}); there is no HTTP
 * path for this, so no client can write system fields. Checkpoints in the data folder make a run resumable.
 */
package dev.homebase.server.move;
