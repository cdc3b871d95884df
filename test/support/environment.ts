/**
 * Set before every suite (jest.config.js `setupFiles`): the AWS SDK's warning that Node 20 nears its end of support
 * would otherwise be printed once per client by every suite that drives the endpoint.
 */
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
