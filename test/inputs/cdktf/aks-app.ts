import { App, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { ContainerRegistry } from '@cdktf/provider-azurerm/lib/container-registry/index.js';
import { KubernetesCluster } from '@cdktf/provider-azurerm/lib/kubernetes-cluster/index.js';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider/index.js';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group/index.js';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment/index.js';

/**
 * A small cdktf app: an AKS cluster and an ACR registry (scenario S-AZ-03). `fixed` adds the AcrPull
 * assignment to the kubelet identity; `wrongIdentity` grants it to the control-plane identity instead.
 */
class AksStack extends TerraformStack {
  constructor(scope: Construct, id: string, variant: 'broken' | 'fixed' | 'wrong-identity') {
    super(scope, id);
    new AzurermProvider(this, 'azurerm', { features: [{}], subscriptionId: '00000000-0000-0000-0000-000000000000' });
    const rg = new ResourceGroup(this, 'rg', { name: 'rg-pullfix-demo', location: 'westeurope' });
    const acr = new ContainerRegistry(this, 'acr', {
      name: 'pullfixdemoacr', resourceGroupName: rg.name, location: rg.location, sku: 'Standard', adminEnabled: false,
      tags: { costCenter: 'demo' },
    });
    const aks = new KubernetesCluster(this, 'aks', {
      name: 'aks-pullfix-demo', resourceGroupName: rg.name, location: rg.location, dnsPrefix: 'pullfixdemo',
      defaultNodePool: { name: 'system', nodeCount: 2, vmSize: 'Standard_D4s_v5' },
      identity: { type: 'SystemAssigned' },
    });
    if (variant !== 'broken') {
      new RoleAssignment(this, 'aks-acrpull', {
        scope: acr.id,
        roleDefinitionName: 'AcrPull',
        principalId: variant === 'fixed' ? aks.kubeletIdentity.objectId : aks.identity.principalId,
      });
    }
  }
}

/** Synthesizes the app into `outdir` (cdktf.out layout) and returns the stack file. */
export function synthAksApp(outdir: string, variant: 'broken' | 'fixed' | 'wrong-identity'): string {
  const app = new App({ outdir });
  new AksStack(app, 'aks', variant);
  app.synth();
  return `${outdir}/stacks/aks/cdk.tf.json`;
}
