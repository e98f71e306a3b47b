package io.citadel.core.access;

import io.citadel.core.ErrorCode;
import io.citadel.core.ServiceException;

/**
 * A request the policy engine denied. Protocols name it as their services do: json services answer
 * {@code AccessDeniedException} (400), query services {@code AccessDenied} (403).
 */
public final class AccessDeniedException extends ServiceException {

    public AccessDeniedException(String message) {
        super(ErrorCode.ACCESS_DENIED, message);
    }
}
