package io.citadel.events.transform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.citadel.core.ServiceException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A target's InputTransformer: up to 100 named JSON paths into the event, and the InputTemplate
 * they fill (see {@link InputTemplate} for the quoting rules). {@link #compile} validates it as
 * PutTargets does and names the target and the problem in a ValidationException.
 */
public final class InputTransformer {

    public static final int MAX_PATHS = 100;
    public static final int MAX_TEMPLATE_LENGTH = 8192;
    public static final int MAX_KEY_LENGTH = 256;
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_\\-]+");
    private static final String MARKER = "__citadel_placeholder__";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, InputPath> paths;
    private final InputTemplate template;

    private InputTransformer(Map<String, InputPath> paths, InputTemplate template) {
        this.paths = paths;
        this.template = template;
    }

    public static InputTransformer compile(String targetId, Map<String, String> inputPathsMap, String inputTemplate) {
        if (inputTemplate == null || inputTemplate.isEmpty()) {
            throw ServiceException.validation("InputTemplate for target " + targetId + " is required and must not be empty.");
        }
        if (inputTemplate.length() > MAX_TEMPLATE_LENGTH) {
            throw ServiceException.validation("InputTemplate for target " + targetId + " is " + inputTemplate.length()
                    + " characters long (maximum: " + MAX_TEMPLATE_LENGTH + ").");
        }
        Map<String, String> map = inputPathsMap == null ? Map.of() : inputPathsMap;
        if (map.size() > MAX_PATHS) {
            throw ServiceException.validation("InputPathsMap for target " + targetId + " has " + map.size()
                    + " entries (maximum: " + MAX_PATHS + ").");
        }
        Map<String, InputPath> paths = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : map.entrySet()) {
            String key = entry.getKey();
            if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH || !KEY.matcher(key).matches()) {
                throw ServiceException.validation("InputPathsMap key for target " + targetId + " is not valid: " + key
                        + " (expected: 1.." + MAX_KEY_LENGTH + " characters of A-Z, a-z, 0-9, _ and -).");
            }
            paths.put(key, InputPath.forTarget(targetId, entry.getValue()));
        }
        InputTemplate template = InputTemplate.compile(targetId, inputTemplate, paths.keySet());
        if (template.isJson()) {
            validateJson(targetId, template);
        }
        return new InputTransformer(Map.copyOf(paths), template);
    }

    private static void validateJson(String targetId, InputTemplate template) {
        JsonNode probe;
        try {
            probe = JSON.readTree(template.probe(MARKER));
        } catch (JsonProcessingException e) {
            throw ServiceException.validation("InputTemplate for target " + targetId + " is not valid JSON: "
                    + e.getOriginalMessage() + ".");
        }
        if (placeholderInKey(probe)) {
            throw ServiceException.validation("InputTemplate for target " + targetId
                    + " uses a placeholder as an object key, which is not allowed.");
        }
    }

    private static boolean placeholderInKey(JsonNode node) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (field.getKey().contains(MARKER) || placeholderInKey(field.getValue())) {
                    return true;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                if (placeholderInKey(element)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The target's input for one matched event. */
    public String render(JsonNode event, RuleContext rule) {
        return template.render(event, rule, name -> {
            InputPath path = paths.get(name);
            return path == null ? null : path.resolve(event);
        });
    }

    public Map<String, InputPath> paths() {
        return paths;
    }

    public String template() {
        return template.toString();
    }
}
