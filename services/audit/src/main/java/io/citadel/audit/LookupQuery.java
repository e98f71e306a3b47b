package io.citadel.audit;

import io.citadel.core.ErrorCode;
import io.citadel.core.ServiceException;
import java.time.Instant;

/**
 * One LookupEvents question, validated as CloudTrail validates it.
 *
 * @param attributeKey   one of {@link SearchAttributes#KEYS}, or null for all events
 * @param attributeValue the value to match exactly (required with a key)
 * @param startTime      inclusive lower bound (second precision), or null
 * @param endTime        inclusive upper bound (second precision), or null
 * @param maxResults     1..50
 * @param nextToken      the token a previous page returned for the same question, or null
 */
public record LookupQuery(String attributeKey, String attributeValue, Instant startTime, Instant endTime,
                          int maxResults, String nextToken) {

    public static final ErrorCode INVALID_LOOKUP_ATTRIBUTES = ErrorCode.sender("InvalidLookupAttributesException", 400);
    public static final ErrorCode INVALID_TIME_RANGE = ErrorCode.sender("InvalidTimeRangeException", 400);
    public static final ErrorCode INVALID_MAX_RESULTS = ErrorCode.sender("InvalidMaxResultsException", 400);
    public static final ErrorCode INVALID_NEXT_TOKEN = ErrorCode.sender("InvalidNextTokenException", 400);
    public static final ErrorCode INVALID_EVENT_CATEGORY = ErrorCode.sender("InvalidEventCategoryException", 400);
    public static final int DEFAULT_MAX_RESULTS = 50;

    public LookupQuery {
        if (attributeKey != null) {
            if (!SearchAttributes.KEYS.contains(attributeKey)) {
                throw new ServiceException(INVALID_LOOKUP_ATTRIBUTES, "AttributeKey: '" + attributeKey
                        + "' (expected: one of " + new java.util.TreeSet<>(SearchAttributes.KEYS) + ")");
            }
            if (attributeValue == null || attributeValue.isEmpty() || attributeValue.length() > 2000) {
                throw new ServiceException(INVALID_LOOKUP_ATTRIBUTES, "AttributeValue: "
                        + (attributeValue == null ? "missing" : attributeValue.length() + " characters") + " (expected: 1..2000 characters)");
            }
        }
        if (startTime != null && endTime != null && startTime.isAfter(endTime)) {
            throw new ServiceException(INVALID_TIME_RANGE, "StartTime " + startTime + " is after EndTime " + endTime
                    + " (expected: StartTime <= EndTime)");
        }
        if (maxResults < 1 || maxResults > 50) {
            throw new ServiceException(INVALID_MAX_RESULTS, "MaxResults: " + maxResults + " (expected: 1..50)");
        }
    }

    public static LookupQuery all() {
        return new LookupQuery(null, null, null, null, DEFAULT_MAX_RESULTS, null);
    }

    public static LookupQuery by(String attributeKey, String attributeValue) {
        return new LookupQuery(attributeKey, attributeValue, null, null, DEFAULT_MAX_RESULTS, null);
    }

    public LookupQuery withMaxResults(int max) {
        return new LookupQuery(attributeKey, attributeValue, startTime, endTime, max, nextToken);
    }

    public LookupQuery withNextToken(String token) {
        return new LookupQuery(attributeKey, attributeValue, startTime, endTime, maxResults, token);
    }

    public LookupQuery withTimeRange(Instant start, Instant end) {
        return new LookupQuery(attributeKey, attributeValue, start, end, maxResults, nextToken);
    }
}
