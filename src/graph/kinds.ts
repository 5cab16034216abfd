/**
 * Normalized resource kinds, shared by every input format.
 *
 * The attribute vocabulary of a kind is the schema of the Terraform provider resource named here:
 * its argument names (snake_case) and shapes (nested blocks are lists of objects). The rules
 * catalog, the provider documentation and most users speak these names, and Pulumi's classic
 * providers are generated from the same schemas. Parsers of other formats translate into this
 * vocabulary (CloudFormation `NodeRole` → `node_role_arn`, Pulumi `nodeRoleArn` → `node_role_arn`)
 * and fill in the format's own defaults, so rules never see a format.
 *
 * Kubernetes kinds are the exception: they keep the Kubernetes API object (see below).
 *
 * Single nested blocks may arrive as an object instead of a one-element list (Pulumi, CloudFormation);
 * `Resource.get` steps through both shapes alike.
 */
export const KIND_SCHEMAS = {
  // AWS: EKS and compute
  'aws.eks.cluster': ['aws_eks_cluster'],
  'aws.eks.nodegroup': ['aws_eks_node_group'],
  'aws.eks.fargateprofile': ['aws_eks_fargate_profile'],
  'aws.eks.podidentityassociation': ['aws_eks_pod_identity_association'],
  'aws.autoscaling.group': ['aws_autoscaling_group'],
  // Deprecated by AWS in favour of launch templates, but still what CDK's AutoScalingGroup (and so
  // eks.Cluster.addAutoScalingGroupCapacity) generates without the
  // @aws-cdk/aws-autoscaling:generateLaunchTemplateInsteadOfLaunchConfig feature flag.
  // https://docs.aws.amazon.com/autoscaling/ec2/userguide/launch-configurations.html
  'aws.autoscaling.launchconfiguration': ['aws_launch_configuration'],
  'aws.ec2.launchtemplate': ['aws_launch_template'],
  'aws.ec2.instance': ['aws_instance'],
  // AWS: IAM
  'aws.iam.role': ['aws_iam_role'],
  'aws.iam.instanceprofile': ['aws_iam_instance_profile'],
  'aws.iam.policy': ['aws_iam_policy'],
  'aws.iam.rolepolicy': ['aws_iam_role_policy'],
  'aws.iam.rolepolicyattachment': ['aws_iam_role_policy_attachment'],
  'aws.iam.policyattachment': ['aws_iam_policy_attachment'],
  'aws.iam.rolepolicyattachmentsexclusive': ['aws_iam_role_policy_attachments_exclusive'],
  'aws.iam.rolepoliciesexclusive': ['aws_iam_role_policies_exclusive'],
  'aws.iam.policydocument': ['aws_iam_policy_document'],
  'aws.iam.oidcprovider': ['aws_iam_openid_connect_provider'],
  // AWS: network
  'aws.ec2.vpc': ['aws_vpc'],
  'aws.ec2.subnet': ['aws_subnet'],
  'aws.ec2.routetable': ['aws_route_table'],
  'aws.ec2.defaultroutetable': ['aws_default_route_table'],
  'aws.ec2.route': ['aws_route'],
  'aws.ec2.routetableassociation': ['aws_route_table_association'],
  'aws.ec2.mainroutetableassociation': ['aws_main_route_table_association'],
  'aws.ec2.internetgateway': ['aws_internet_gateway'],
  'aws.ec2.internetgatewayattachment': ['aws_internet_gateway_attachment'],
  'aws.ec2.natgateway': ['aws_nat_gateway'],
  'aws.ec2.eip': ['aws_eip'],
  'aws.ec2.securitygroup': ['aws_security_group'],
  'aws.ec2.defaultsecuritygroup': ['aws_default_security_group'],
  'aws.ec2.securitygrouprule': ['aws_security_group_rule'],
  'aws.ec2.securitygroupegressrule': ['aws_vpc_security_group_egress_rule'],
  'aws.ec2.securitygroupingressrule': ['aws_vpc_security_group_ingress_rule'],
  'aws.ec2.networkacl': ['aws_network_acl'],
  'aws.ec2.defaultnetworkacl': ['aws_default_network_acl'],
  'aws.ec2.networkaclrule': ['aws_network_acl_rule'],
  'aws.ec2.networkaclassociation': ['aws_network_acl_association'],
  'aws.ec2.vpcendpoint': ['aws_vpc_endpoint'],
  'aws.ec2.vpcendpointroutetableassociation': ['aws_vpc_endpoint_route_table_association'],
  'aws.ec2.vpcendpointsubnetassociation': ['aws_vpc_endpoint_subnet_association'],
  'aws.ec2.vpcendpointsecuritygroupassociation': ['aws_vpc_endpoint_security_group_association'],
  'aws.ec2.vpcendpointprivatedns': ['aws_vpc_endpoint_private_dns'],
  'aws.ec2.dhcpoptions': ['aws_vpc_dhcp_options'],
  'aws.ec2.dhcpoptionsassociation': ['aws_vpc_dhcp_options_association'],
  // AWS: registry and keys
  'aws.ecr.repository': ['aws_ecr_repository'],
  'aws.ecr.repositorypolicy': ['aws_ecr_repository_policy'],
  'aws.ecr.registrypolicy': ['aws_ecr_registry_policy'],
  'aws.ecr.pullthroughcacherule': ['aws_ecr_pull_through_cache_rule'],
  'aws.ecr.replicationconfiguration': ['aws_ecr_replication_configuration'],
  'aws.kms.key': ['aws_kms_key'],
  // AWS: account context (data sources)
  'aws.meta.calleridentity': ['aws_caller_identity'],
  'aws.meta.region': ['aws_region'],
  'aws.meta.partition': ['aws_partition'],

  // Azure: AKS and registry
  'azure.aks.cluster': ['azurerm_kubernetes_cluster'],
  'azure.aks.nodepool': ['azurerm_kubernetes_cluster_node_pool'],
  'azure.acr.registry': ['azurerm_container_registry'],
  'azure.acr.scopemap': ['azurerm_container_registry_scope_map'],
  'azure.acr.token': ['azurerm_container_registry_token'],
  // Azure: identity and RBAC
  'azure.authorization.roleassignment': ['azurerm_role_assignment'],
  'azure.authorization.roledefinition': ['azurerm_role_definition'],
  'azure.identity.userassigned': ['azurerm_user_assigned_identity'],
  'azure.ad.application': ['azuread_application', 'azuread_application_registration'],
  'azure.ad.serviceprincipal': ['azuread_service_principal'],
  'azure.ad.serviceprincipalpassword': ['azuread_service_principal_password'],
  'azure.ad.applicationpassword': ['azuread_application_password'],
  'azure.ad.group': ['azuread_group'],
  'azure.ad.groupmember': ['azuread_group_member'],
  'azure.resources.resourcegroup': ['azurerm_resource_group'],
  'azure.meta.clientconfig': ['azurerm_client_config'],
  'azure.meta.subscription': ['azurerm_subscription'],
  // Azure: network
  'azure.network.vnet': ['azurerm_virtual_network'],
  'azure.network.subnet': ['azurerm_subnet'],
  'azure.network.peering': ['azurerm_virtual_network_peering'],
  'azure.network.vnetdnsservers': ['azurerm_virtual_network_dns_servers'],
  'azure.network.privateendpoint': ['azurerm_private_endpoint'],
  'azure.network.publicip': ['azurerm_public_ip'],
  'azure.network.publicipprefix': ['azurerm_public_ip_prefix'],
  'azure.network.natgateway': ['azurerm_nat_gateway'],
  'azure.network.natgatewaypublicipassociation': ['azurerm_nat_gateway_public_ip_association'],
  'azure.network.natgatewaypublicipprefixassociation': ['azurerm_nat_gateway_public_ip_prefix_association'],
  'azure.network.subnetnatgatewayassociation': ['azurerm_subnet_nat_gateway_association'],
  'azure.network.nsg': ['azurerm_network_security_group'],
  'azure.network.nsgrule': ['azurerm_network_security_rule'],
  'azure.network.subnetnsgassociation': ['azurerm_subnet_network_security_group_association'],
  'azure.network.routetable': ['azurerm_route_table'],
  'azure.network.route': ['azurerm_route'],
  'azure.network.subnetroutetableassociation': ['azurerm_subnet_route_table_association'],
  'azure.network.firewall': ['azurerm_firewall'],
  'azure.network.firewallpolicy': ['azurerm_firewall_policy'],
  'azure.network.firewallpolicyrulecollectiongroup': ['azurerm_firewall_policy_rule_collection_group'],
  'azure.network.firewallapplicationrulecollection': ['azurerm_firewall_application_rule_collection'],
  'azure.network.firewallnetworkrulecollection': ['azurerm_firewall_network_rule_collection'],
  'azure.privatedns.zone': ['azurerm_private_dns_zone'],
  'azure.privatedns.vnetlink': ['azurerm_private_dns_zone_virtual_network_link'],
  'azure.privatedns.arecord': ['azurerm_private_dns_a_record'],

  // Kubernetes objects. Their vocabulary is the Kubernetes API object itself (apiVersion, kind,
  // metadata, spec with camelCase fields), since every source (manifests, Helm output, Terraform
  // kubernetes_* resources, CDK and Pulumi manifests) describes that object; the Terraform types
  // listed here are translated into it by the plan parser.
  'k8s.workload': [
    'kubernetes_deployment', 'kubernetes_deployment_v1', 'kubernetes_stateful_set', 'kubernetes_stateful_set_v1',
    'kubernetes_daemonset', 'kubernetes_daemon_set_v1', 'kubernetes_job', 'kubernetes_job_v1',
    'kubernetes_cron_job', 'kubernetes_cron_job_v1', 'kubernetes_pod', 'kubernetes_pod_v1',
    'kubernetes_replication_controller', 'kubernetes_replication_controller_v1',
  ],
  'k8s.secret': ['kubernetes_secret', 'kubernetes_secret_v1'],
  // kubernetes_manifest and kubectl_manifest hold any object: the plan parser picks the kind from its `kind`.
  'k8s.manifest': ['kubernetes_manifest', 'kubectl_manifest'],
} as const satisfies Record<string, readonly string[]>;

export type ResourceKind = keyof typeof KIND_SCHEMAS;
