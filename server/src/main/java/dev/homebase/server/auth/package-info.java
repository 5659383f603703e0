/**
 * Who is calling: principals, and (soon) users, passwords, codes and tokens.
 */
package dev.homebase.server.auth;
