/**
 * Backend function calls: {@link dev.homebase.sdk.functions.FunctionsModule},
 * {@link dev.homebase.sdk.functions.FunctionResponse} and
 * {@link dev.homebase.sdk.functions.FunctionException}.
 */
package dev.homebase.sdk.functions;
