// @ts-nocheck -- a Pulumi program shown for reference, not built here: pullfix does not depend on the Pulumi provider SDKs it imports.
// S-AZ-03 (fixed): AKS cluster, ACR registry and a workload pulling from it, @pulumi/azure-native.
// preview.json next to this file is what `pulumi preview --json` prints for it (see ../README.md).
import * as azure from "@pulumi/azure-native";
import * as k8s from "@pulumi/kubernetes";

const rg = new azure.resources.ResourceGroup("rg", { resourceGroupName: "rg-pullfix-demo", location: "westeurope" });
const acr = new azure.containerregistry.Registry("acr", {
    registryName: "pullfixdemoacr",
    resourceGroupName: rg.name,
    location: "westeurope",
    sku: { name: "Standard" },
    adminUserEnabled: false,
});
const aks = new azure.containerservice.ManagedCluster("aks", {
    resourceName: "aks-pullfix-demo",
    resourceGroupName: rg.name,
    location: "westeurope",
    dnsPrefix: "pullfixdemo",
    identity: { type: "SystemAssigned" },
    agentPoolProfiles: [{ name: "system", mode: "System", count: 2, vmSize: "Standard_D4s_v5", osType: "Linux" }],
});

// The fix: AcrPull for the kubelet identity (not the control-plane identity) on the registry.
new azure.authorization.RoleAssignment("aks-acrpull", {
    principalId: aks.identityProfile.apply((p) => p!["kubeletidentity"].objectId!),
    principalType: "ServicePrincipal",
    roleDefinitionId: "/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d",
    scope: acr.id,
});

const creds = azure.containerservice.listManagedClusterUserCredentialsOutput({ resourceGroupName: rg.name, resourceName: aks.name });
const kubeconfig = creds.kubeconfigs.apply((c) => Buffer.from(c[0].value, "base64").toString());
const provider = new k8s.Provider("aks", { kubeconfig });
new k8s.apps.v1.Deployment("web", {
    metadata: { name: "web", namespace: "default" },
    spec: {
        replicas: 2,
        selector: { matchLabels: { app: "web" } },
        template: {
            metadata: { labels: { app: "web" } },
            spec: { containers: [{ name: "web", image: "pullfixdemoacr.azurecr.io/web:1.0" }] },
        },
    },
}, { provider });
