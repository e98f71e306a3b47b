package io.citadel.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.citadel.core.ErrorCode;
import io.citadel.core.ServiceException;
import java.util.stream.Collectors;

/**
 * Turns a Jackson failure while decoding an input into the AWS error a client expects. Messages
 * name the member path and the rule, never the offending value (it might be a secret).
 */
public final class ErrorTranslation {

    private ErrorTranslation() {
    }

    public static ServiceException fromJackson(JsonProcessingException e, ErrorCode typeError) {
        if (e instanceof ValueInstantiationException vie && vie.getCause() instanceof ServiceException se) {
            return se;
        }
        if (e instanceof JsonMappingException jme && jme.getCause() instanceof ServiceException se) {
            return se;
        }
        if (e instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
            String path = jme.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."))
                    .replace(".[", "[");
            return new ServiceException(typeError, "Unexpected value type or format for member '" + path + "'");
        }
        if (e instanceof JsonMappingException) {
            return new ServiceException(typeError, "The request body must be a JSON object");
        }
        var location = e.getLocation();
        String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        return new ServiceException(typeError, "The request body is not valid JSON" + where);
    }
}
