package io.citadel.parameters.api;

import java.util.List;

/** The SSM model's (ssm-2014-11-06) 130 operations outside Parameter Store, which Citadel answers as unsupported. */
final class OutsideParameterStore {

    static final List<String> OPERATIONS = List.of(
            "AssociateOpsItemRelatedItem", "CancelCommand", "CancelMaintenanceWindowExecution", "CreateActivation",
            "CreateAssociation", "CreateAssociationBatch", "CreateDocument", "CreateMaintenanceWindow", "CreateOpsItem",
            "CreateOpsMetadata", "CreatePatchBaseline", "CreateResourceDataSync", "DeleteActivation", "DeleteAssociation",
            "DeleteDocument", "DeleteInventory", "DeleteMaintenanceWindow", "DeleteOpsItem", "DeleteOpsMetadata",
            "DeletePatchBaseline", "DeleteResourceDataSync", "DeleteResourcePolicy", "DeregisterManagedInstance",
            "DeregisterPatchBaselineForPatchGroup", "DeregisterTargetFromMaintenanceWindow",
            "DeregisterTaskFromMaintenanceWindow", "DescribeActivations", "DescribeAssociation",
            "DescribeAssociationExecutionTargets", "DescribeAssociationExecutions", "DescribeAutomationExecutions",
            "DescribeAutomationStepExecutions", "DescribeAvailablePatches", "DescribeDocument", "DescribeDocumentPermission",
            "DescribeEffectiveInstanceAssociations", "DescribeEffectivePatchesForPatchBaseline",
            "DescribeInstanceAssociationsStatus", "DescribeInstanceInformation", "DescribeInstancePatchStates",
            "DescribeInstancePatchStatesForPatchGroup", "DescribeInstancePatches", "DescribeInstanceProperties",
            "DescribeInventoryDeletions", "DescribeMaintenanceWindowExecutionTaskInvocations",
            "DescribeMaintenanceWindowExecutionTasks", "DescribeMaintenanceWindowExecutions",
            "DescribeMaintenanceWindowSchedule", "DescribeMaintenanceWindowTargets", "DescribeMaintenanceWindowTasks",
            "DescribeMaintenanceWindows", "DescribeMaintenanceWindowsForTarget", "DescribeOpsItems",
            "DescribePatchBaselines", "DescribePatchGroupState", "DescribePatchGroups", "DescribePatchProperties",
            "DescribeSessions", "DisassociateOpsItemRelatedItem", "GetAccessToken", "GetAutomationExecution",
            "GetCalendarState", "GetCommandInvocation", "GetConnectionStatus", "GetDefaultPatchBaseline",
            "GetDeployablePatchSnapshotForInstance", "GetDocument", "GetExecutionPreview", "GetInventory",
            "GetInventorySchema", "GetMaintenanceWindow", "GetMaintenanceWindowExecution",
            "GetMaintenanceWindowExecutionTask", "GetMaintenanceWindowExecutionTaskInvocation", "GetMaintenanceWindowTask",
            "GetOpsItem", "GetOpsMetadata", "GetOpsSummary", "GetPatchBaseline", "GetPatchBaselineForPatchGroup",
            "GetResourcePolicies", "ListAssociationVersions", "ListAssociations", "ListCommandInvocations", "ListCommands",
            "ListComplianceItems", "ListComplianceSummaries", "ListDocumentMetadataHistory", "ListDocumentVersions",
            "ListDocuments", "ListInventoryEntries", "ListNodes", "ListNodesSummary", "ListOpsItemEvents",
            "ListOpsItemRelatedItems", "ListOpsMetadata", "ListResourceComplianceSummaries", "ListResourceDataSync",
            "ModifyDocumentPermission", "PutComplianceItems", "PutInventory", "PutResourcePolicy",
            "RegisterDefaultPatchBaseline", "RegisterPatchBaselineForPatchGroup", "RegisterTargetWithMaintenanceWindow",
            "RegisterTaskWithMaintenanceWindow", "ResumeSession", "SendAutomationSignal", "SendCommand",
            "StartAccessRequest", "StartAssociationsOnce", "StartAutomationExecution", "StartChangeRequestExecution",
            "StartExecutionPreview", "StartSession", "StopAutomationExecution", "TerminateSession", "UpdateAssociation",
            "UpdateAssociationStatus", "UpdateDocument", "UpdateDocumentDefaultVersion", "UpdateDocumentMetadata",
            "UpdateMaintenanceWindow", "UpdateMaintenanceWindowTarget", "UpdateMaintenanceWindowTask",
            "UpdateManagedInstanceRole", "UpdateOpsItem", "UpdateOpsMetadata", "UpdatePatchBaseline",
            "UpdateResourceDataSync");

    private OutsideParameterStore() {
    }
}
