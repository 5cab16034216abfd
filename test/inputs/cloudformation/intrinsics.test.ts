import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../src/engine/lint.js';
import type { ResourceGraph } from '../../../src/graph/graph.js';
import { cloudFormationParser } from '../../../src/inputs/cloudformation/parse.js';
import { parseStacks, type StackTemplate } from '../../../src/inputs/cloudformation/stacks.js';
import type { Value } from '../../../src/graph/model.js';

/** The value of a known attribute, `undefined` otherwise. */
function value(v: Value<unknown> | undefined): unknown {
  return v?.known ? v.value : undefined;
}

function graphOfStacks(stacks: StackTemplate[]): ResourceGraph {
  const parsed = parseStacks(stacks);
  return buildGraph([{ path: 'cdk.out', parsed: { format: 'cloudformation', resources: parsed.resources } }]);
}

function graphOfYaml(text: string, path = 'template.yaml'): ResourceGraph {
  const parsed = cloudFormationParser.parse({ path, text });
  return buildGraph([{ path, parsed }]);
}

const ENV = { account: '111122223333', region: 'eu-west-1' };

describe('YAML short forms', () => {
  const yaml = `
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env:
    Type: String
    Default: prod
  Ami:
    Type: AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>
    Default: /aws/service/eks/optimized-ami/1.31/amazon-linux-2/recommended/image_id
  NoDefault:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  NotProd: !Not [!Condition IsProd]
  Both: !And [!Condition IsProd, !Equals [a, a]]
  Unknowable: !Equals [!Ref NoDefault, x]
Resources:
  NodeRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Sub "nodes-\${Env}"
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: ec2.amazonaws.com }
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - !Sub "arn:\${AWS::Partition}:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"
        - !Join ["", ["arn:", !Ref "AWS::Partition", ":iam::aws:policy/AmazonEKSWorkerNodePolicy"]]
        - !If [IsProd, !Sub "arn:\${AWS::Partition}:iam::aws:policy/AmazonEKS_CNI_Policy", !Ref "AWS::NoValue"]
        - !If [Unknowable, arn:aws:iam::aws:policy/A, arn:aws:iam::aws:policy/B]
  Group:
    Type: AWS::EKS::Nodegroup
    Properties:
      ClusterName: !Select [1, !Split ["/", "cluster/main/x"]]
      NodeRole: !GetAtt NodeRole.Arn
      Subnets: [!ImportValue shared-subnet-a]
      AmiType: !If [NotProd, AL2_ARM_64, AL2023_x86_64_STANDARD]
      Labels:
        ami: !Ref Ami
        missing: !Ref NoDefault
        both: !If [Both, yes, no]
  Skipped:
    Type: AWS::EC2::VPC
    Condition: NotProd
    Properties:
      CidrBlock: 10.0.0.0/16
`;

  it('reads short-form tags, parameters and conditions', () => {
    const graph = graphOfYaml(yaml);
    const role = graph.byAddress(0, 'NodeRole')!;
    expect(role.kind).toBe('aws.iam.role');
    expect(value(role.get(['name']))).toBe('nodes-prod');
    // A lone template has no environment: the partition of AWS-managed policy ARNs is read as `aws`.
    expect(value(role.get(['managed_policy_arns']))).toEqual([
      'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly',
      'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy',
      'arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy',
      null,
    ]);
    expect(role.get(['managed_policy_arns', 3])).toMatchObject({ known: false, why: 'intrinsic' });
    expect(JSON.parse(value(role.get(['assume_role_policy'])) as string)).toEqual({
      Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });

    const group = graph.byAddress(0, 'Group')!;
    expect(value(group.get(['cluster_name']))).toBe('main');
    expect(group.get(['node_role_arn'])).toMatchObject({ known: false, why: 'computed' });
    expect(group.links(['node_role_arn'])).toEqual([{ address: 'NodeRole', attribute: ['arn'], ambiguous: false }]);
    expect(graph.resolve(group, ['node_role_arn']).map((r) => r.resource.address)).toEqual(['NodeRole']);
    expect(group.get(['subnet_ids', 0])).toMatchObject({ known: false, why: 'external' });
    expect(value(group.get(['ami_type']))).toBe('AL2023_x86_64_STANDARD');
    expect(group.get(['labels', 'ami'])).toMatchObject({ known: false, why: 'external' });
    expect(group.get(['labels', 'missing'])).toMatchObject({ known: false, why: 'intrinsic' });
    expect(value(group.get(['labels', 'both']))).toBe('yes');
    expect(group.loc.pointer).toBe('/Resources/Group');
    expect(group.locOf(['node_role_arn']).pointer).toBe('/Resources/Group/Properties/NodeRole');

    // Condition NotProd is false: the VPC is not created.
    expect(graph.byAddress(0, 'Skipped')).toBeUndefined();
  });

  it('rejects broken YAML with one line naming the file', () => {
    expect(() => cloudFormationParser.parse({ path: 't.yaml', text: 'Resources:\n  A:\n    Type: AWS::IAM::Role\n   bad: [' }))
      .toThrow(/^t\.yaml: invalid YAML CloudFormation template/);
  });
});

describe('intrinsics across stacks and environments', () => {
  const producer: StackTemplate = {
    prefix: 'Network/',
    file: 'Network.template.json',
    env: ENV,
    template: {
      Resources: {
        Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.1.0.0/16' } },
        Subnet: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: { 'Fn::Select': [0, { 'Fn::Cidr': [{ 'Fn::GetAtt': ['Vpc', 'CidrBlock'] }, 4, 8] }] } } },
      },
      Outputs: {
        SubnetOut: { Value: { Ref: 'Subnet' }, Export: { Name: { 'Fn::Sub': '${AWS::StackName}:subnet' } } },
      },
    },
    stackName: 'Network',
  };
  const consumer: StackTemplate = {
    prefix: 'App/',
    file: 'App.template.json',
    env: ENV,
    template: {
      Resources: {
        Repo: { Type: 'AWS::ECR::Repository', Properties: { RepositoryName: 'team/app' } },
        Role: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'nodes', Path: '/eks/' } },
        Endpoint: {
          Type: 'AWS::EC2::VPCEndpoint',
          Properties: {
            ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.ecr.dkr']] },
            SubnetIds: [{ 'Fn::ImportValue': 'Network:subnet' }],
            VpcId: { 'Fn::ImportValue': 'Other:vpc' },
            PolicyDocument: {
              Statement: [{
                Effect: 'Allow', Action: 'ecr:*', Resource: { 'Fn::GetAtt': ['Repo', 'Arn'] },
                Principal: { AWS: { 'Fn::Sub': ['arn:${AWS::Partition}:iam::${AWS::AccountId}:role${P}${R}', { P: '/eks/', R: { Ref: 'Role' } }] } },
              }],
            },
          },
        },
      },
    },
  };

  it('resolves pseudo parameters, names and ARNs from the stack environment', () => {
    const graph = graphOfStacks([producer, consumer]);
    const repo = graph.byAddress(0, 'App/Repo')!;
    expect(value(repo.get(['arn']))).toBe('arn:aws:ecr:eu-west-1:111122223333:repository/team/app');
    expect(value(repo.get(['repository_url']))).toBe('111122223333.dkr.ecr.eu-west-1.amazonaws.com/team/app');
    expect(repo.context).toEqual({ awsRegion: 'eu-west-1', awsAccountId: '111122223333' });
    const role = graph.byAddress(0, 'App/Role')!;
    expect(value(role.get(['arn']))).toBe('arn:aws:iam::111122223333:role/eks/nodes');
    const endpoint = graph.byAddress(0, 'App/Endpoint')!;
    expect(value(endpoint.get(['service_name']))).toBe('com.amazonaws.eu-west-1.ecr.dkr');
    expect(value(endpoint.get(['vpc_endpoint_type']))).toBe('Gateway');
    expect(value(endpoint.get(['private_dns_enabled']))).toBe(false);
    // Fn::Sub with a variable map and a Ref, Fn::GetAtt of a named repository: the policy is known.
    expect(JSON.parse(value(endpoint.get(['policy'])) as string).Statement[0]).toMatchObject({
      Resource: 'arn:aws:ecr:eu-west-1:111122223333:repository/team/app',
      Principal: { AWS: 'arn:aws:iam::111122223333:role/eks/nodes' },
    });
    expect(endpoint.links(['policy']).map((l) => `${l.address}.${l.attribute.join('.')}`).sort()).toEqual(['App/Repo.arn', 'App/Role.name']);
  });

  it('follows Fn::ImportValue to the exporting stack of the same assembly', () => {
    const graph = graphOfStacks([producer, consumer]);
    const endpoint = graph.byAddress(0, 'App/Endpoint')!;
    expect(endpoint.get(['subnet_ids', 0])).toMatchObject({ known: false, why: 'computed' });
    expect(endpoint.links(['subnet_ids'])).toEqual([{ address: 'Network/Subnet', attribute: ['id'], ambiguous: false }]);
    expect(graph.resolve(endpoint, ['subnet_ids']).map((r) => r.resource.address)).toEqual(['Network/Subnet']);
    // An export no stack of the assembly declares is outside the inputs.
    expect(endpoint.get(['vpc_id'])).toMatchObject({ known: false, why: 'external' });
    const subnet = graph.byAddress(0, 'Network/Subnet')!;
    expect(subnet.get(['cidr_block'])).toMatchObject({ known: false, why: 'intrinsic' });
    expect(subnet.links(['cidr_block'])).toEqual([{ address: 'Network/Vpc', attribute: ['cidr_block'], ambiguous: false }]);
  });

  it('keeps the partition and region unknown without an environment, except in managed policy ARNs', () => {
    const agnostic = { ...consumer, env: {} };
    const graph = graphOfStacks([agnostic]);
    const endpoint = graph.byAddress(0, 'App/Endpoint')!;
    expect(endpoint.get(['service_name'])).toMatchObject({ known: false, why: 'intrinsic' });
    expect(graph.byAddress(0, 'App/Repo')!.get(['arn'])).toMatchObject({ known: false, why: 'computed' });
    expect(graph.byAddress(0, 'App/Repo')!.context).toEqual({});
  });

  it('threads nested-stack parameters in and outputs out', () => {
    const parent: StackTemplate = {
      prefix: 'Main/',
      file: 'Main.template.json',
      env: ENV,
      template: {
        Resources: {
          Role: { Type: 'AWS::IAM::Role', Properties: {} },
          Child: { Type: 'AWS::CloudFormation::Stack', Properties: { Parameters: { RoleArn: { 'Fn::GetAtt': ['Role', 'Arn'] }, Name: 'inner' } } },
          Profile: { Type: 'AWS::IAM::InstanceProfile', Properties: { Roles: [{ 'Fn::GetAtt': ['Child', 'Outputs.RoleName'] }] } },
        },
      },
      nested: (logicalId) => (logicalId === 'Child' ? {
        file: 'Child.nested.template.json',
        template: {
          Parameters: { RoleArn: { Type: 'String' }, Name: { Type: 'String' } },
          Resources: { Group: { Type: 'AWS::EKS::Nodegroup', Properties: { NodeRole: { Ref: 'RoleArn' }, NodegroupName: { Ref: 'Name' } } } },
          Outputs: { RoleName: { Value: { Ref: 'Name' } } },
        },
      } : undefined),
    };
    const graph = graphOfStacks([parent]);
    const group = graph.byAddress(0, 'Main/Child/Group')!;
    expect(group.loc.file).toBe('Child.nested.template.json');
    expect(value(group.get(['node_group_name']))).toBe('inner');
    expect(graph.resolve(group, ['node_role_arn']).map((r) => `${r.resource.address} ${r.attribute.join('.')}`)).toEqual(['Main/Role arn']);
    expect(value(graph.byAddress(0, 'Main/Profile')!.get(['role']))).toBe('inner');
  });
});

describe('trust policies decided at deploy', () => {
  const stack = (federated: unknown): StackTemplate => ({
    prefix: 'App/',
    file: 'App.template.json',
    env: ENV,
    template: {
      Resources: {
        Oidc: { Type: 'Custom::AWSCDKOpenIdConnectProvider', Properties: { Url: 'https://oidc.eks.eu-west-1.amazonaws.com/id/X' } },
        AppRole: {
          Type: 'AWS::IAM::Role',
          Properties: {
            AssumeRolePolicyDocument: {
              Statement: [{
                Effect: 'Allow', Action: 'sts:AssumeRoleWithWebIdentity', Principal: { Federated: federated },
                Condition: { StringEquals: { 'oidc.eks.eu-west-1.amazonaws.com/id/X:sub': 'system:serviceaccount:app:web' } },
              }],
            },
          },
        },
      },
    },
  });

  it('keeps the statements of a trust with an unknown part as a policy document the role links to', () => {
    const graph = graphOfStacks([stack({ Ref: 'Oidc' })]);
    const role = graph.byAddress(0, 'App/AppRole')!;
    expect(role.get(['assume_role_policy'])?.known).toBe(false);
    const [document] = graph.resolve(role, ['assume_role_policy'], ['aws.iam.policydocument']);
    expect(document?.resource.address).toBe('App/AppRole/AssumeRolePolicyDocument');
    const statements = document!.resource.get(['statement']);
    expect(value(statements)).toEqual([{
      effect: 'Allow', actions: ['sts:AssumeRoleWithWebIdentity'],
      principals: [{ type: 'Federated', identifiers: [null] }],
      condition: [{ test: 'StringEquals', variable: 'oidc.eks.eu-west-1.amazonaws.com/id/X:sub', values: ['system:serviceaccount:app:web'] }],
    }]);
    expect(statements?.loc.pointer).toBe('/Resources/AppRole/Properties/AssumeRolePolicyDocument/Statement');
    expect(graph.resolve(document!.resource, ['statement', 0, 'principals', 0, 'identifiers', 0]).map((r) => r.resource.address)).toEqual(['App/Oidc']);
  });

  it('keeps a fully known trust as its JSON string, without a separate document', () => {
    const graph = graphOfStacks([stack('arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/X')]);
    const role = graph.byAddress(0, 'App/AppRole')!;
    expect(JSON.parse(value(role.get(['assume_role_policy'])) as string).Statement[0].Principal.Federated).toMatch(/:oidc-provider\//);
    expect(graph.byAddress(0, 'App/AppRole/AssumeRolePolicyDocument')).toBeUndefined();
  });
});
