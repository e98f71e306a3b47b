package io.citadel.audit.api;

/** CloudTrail Resource: members ResourceType, ResourceName. */
public record Resource(String resourceType, String resourceName) {
}
