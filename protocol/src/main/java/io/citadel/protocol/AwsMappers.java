package io.citadel.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The Jackson mappers behind the wire codecs. Shapes are Java records with camelCase components;
 * members travel in AWS's UpperCamelCase. json 1.1 is strict about scalar types and writes
 * timestamps as epoch seconds; query carries every scalar as a string and writes ISO 8601.
 */
public final class AwsMappers {

    private static final ObjectMapper JSON = build(true);
    private static final ObjectMapper QUERY = build(false);

    private AwsMappers() {
    }

    /** For awsJson 1.0 / 1.1 bodies. */
    public static ObjectMapper json() {
        return JSON;
    }

    /** For query-protocol inputs (all strings) and the tree its XML writer walks. */
    public static ObjectMapper query() {
        return QUERY;
    }

    private static ObjectMapper build(boolean strict) {
        SimpleModule timestamps = new SimpleModule("aws-timestamps");
        timestamps.addSerializer(Instant.class, strict ? new EpochSecondsSerializer() : new IsoSerializer());
        timestamps.addDeserializer(Instant.class, new InstantDeserializer());
        // a shared buffer pool: the default one is per thread, and every request runs on a new virtual thread
        return JsonMapper.builder(JsonFactory.builder().recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build())
                .propertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
                .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
                .configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, !strict)
                .addModule(timestamps)
                .build();
    }

    private static final class EpochSecondsSerializer extends JsonSerializer<Instant> {
        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeNumber(BigDecimal.valueOf(value.getEpochSecond()).add(BigDecimal.valueOf(value.getNano(), 9))
                    .stripTrailingZeros());
        }
    }

    private static final class IsoSerializer extends JsonSerializer<Instant> {
        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(value.toString());
        }
    }

    private static final class InstantDeserializer extends JsonDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                BigDecimal seconds = p.getDecimalValue();
                long whole = seconds.longValue();
                int nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).intValue();
                return Instant.ofEpochSecond(whole, nanos);
            }
            if (token == JsonToken.VALUE_STRING) {
                try {
                    return Instant.parse(p.getText());
                } catch (DateTimeParseException e) {
                    return (Instant) ctxt.handleWeirdStringValue(Instant.class, p.getText(), "expected an ISO 8601 timestamp");
                }
            }
            return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
        }
    }
}
