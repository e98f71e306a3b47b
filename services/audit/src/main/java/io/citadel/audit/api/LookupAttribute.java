package io.citadel.audit.api;

/** CloudTrail LookupAttribute: members AttributeKey, AttributeValue. */
public record LookupAttribute(String attributeKey, String attributeValue) {
}
