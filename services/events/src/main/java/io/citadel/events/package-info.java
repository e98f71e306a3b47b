/** The EventBridge-compatible events service: buses, rules, event patterns, targets and delivery. */
package io.citadel.events;
