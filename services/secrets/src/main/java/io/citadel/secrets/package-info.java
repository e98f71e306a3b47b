/** The Secrets Manager service: versioned secrets, rotation, replication. */
package io.citadel.secrets;
