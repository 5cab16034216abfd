// S-AZ-03 with cdktf and @cdktf/provider-azurerm: `cdktf synth` writes cdktf.out/stacks/aks/cdk.tf.json,
// which `pullfix cdktf.out` reads. PULLFIX_VARIANT=fixed adds the AcrPull assignment to the kubelet identity.
// The same app is synthesized by test/inputs/cdktf/aks-app.ts.
import { App, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { ContainerRegistry } from "@cdktf/provider-azurerm/lib/container-registry/index.js";
import { KubernetesCluster } from "@cdktf/provider-azurerm/lib/kubernetes-cluster/index.js";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider/index.js";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group/index.js";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment/index.js";

class AksStack extends TerraformStack {
  constructor(scope: Construct, id: string, fixed: boolean) {
    super(scope, id);
    new AzurermProvider(this, "azurerm", { features: [{}], subscriptionId: "00000000-0000-0000-0000-000000000000" });
    const rg = new ResourceGroup(this, "rg", { name: "rg-pullfix-demo", location: "westeurope" });
    const acr = new ContainerRegistry(this, "acr", {
      name: "pullfixdemoacr", resourceGroupName: rg.name, location: rg.location, sku: "Standard", adminEnabled: false,
    });
    const aks = new KubernetesCluster(this, "aks", {
      name: "aks-pullfix-demo", resourceGroupName: rg.name, location: rg.location, dnsPrefix: "pullfixdemo",
      defaultNodePool: { name: "system", nodeCount: 2, vmSize: "Standard_D4s_v5" },
      identity: { type: "SystemAssigned" },
    });
    if (fixed) {
      new RoleAssignment(this, "aks-acrpull", {
        scope: acr.id,
        roleDefinitionName: "AcrPull",
        principalId: aks.kubeletIdentity.objectId,
      });
    }
  }
}

const app = new App();
new AksStack(app, "aks", process.env.PULLFIX_VARIANT === "fixed");
app.synth();
