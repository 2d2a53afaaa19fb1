import { stopDeployment } from './deployment';

export default stopDeployment;
