// Realistic-format fake secrets for tests.

// Test tokens are assembled at run time so no secret scanner mistakes this file for a leak.
export const MIX = 'aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5hJ7kL9xM2nP4qR6tU8wY0zA2cD4eF6gH8iJ0kL2mN4oP6qR8sT0uV2wX4yZ6';
export const body = (n: number) => MIX.slice(0, n);
export const hex = (n: number) => '0123456789abcdef'.repeat(8).slice(0, n);
const b64url = (s: string) => Buffer.from(s).toString('base64url');

export const SAMPLES: Record<string, string> = {
  'github-token': 'ghp' + '_' + body(36),
  'github-fine-grained-pat': 'github' + '_pat_' + body(22) + '_' + body(59),
  'anthropic-key': 'sk-' + 'ant-api03-' + body(80),
  'openai-key': 'sk-' + 'proj-' + body(60),
  'aws-access-key': 'AKIA' + 'IOSFODNN7EXAMPLQ'.replace('EXAMPL', 'QWERTZ'),
  'slack-token': 'xoxb' + '-123456789012-1234567890123-' + body(24),
  'stripe-key': 'sk' + '_live_' + body(24),
  'google-api-key': 'AI' + 'za' + body(35),
  'gitlab-token': 'glpat' + '-' + body(20),
  'npm-token': 'npm' + '_' + body(36),
  'huggingface-token': 'hf' + '_' + body(34),
  'twilio-api-key': 'SK' + hex(32),
  'sendgrid-key': 'SG' + '.' + body(22) + '.' + body(43),
  jwt: `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url('{"sub":"1234567890","name":"dev"}')}.${body(43)}`,
};

