/**
 * Immutable, validated settings. Flags win over environment variables, which win over defaults.
 */
package dev.homebase.server.config;
