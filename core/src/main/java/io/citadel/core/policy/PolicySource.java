package io.citadel.core.policy;

/** Which kind of policy a statement came from, as Simulate* APIs report it. */
public enum PolicySource { IDENTITY, RESOURCE, PERMISSIONS_BOUNDARY, SESSION }
