package io.citadel.parameters;

import java.util.Locale;

/**
 * AWS's label rules: 1..100 characters of letters, digits, '.', '-' and '_'; not beginning with a
 * digit, "aws" or "ssm" (any case). A label that breaks them is not an error: LabelParameterVersion
 * returns it among InvalidLabels.
 */
final class Labels {

    static final int MAX_LABEL_CHARS = 100;
    static final int MAX_LABELS_PER_VERSION = 10;

    private Labels() {
    }

    static boolean isValid(String label) {
        if (label == null || label.isEmpty() || label.length() > MAX_LABEL_CHARS) {
            return false;
        }
        if (Character.isDigit(label.charAt(0))) {
            return false;
        }
        String lower = label.toLowerCase(Locale.ROOT);
        if (lower.startsWith("aws") || lower.startsWith("ssm")) {
            return false;
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
