package io.sandgate.sandbox;

import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Binds;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.ContainerHostConfig;
import com.github.dockerjava.api.model.ContainerMount;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ContainerNetworkSettings;
import com.github.dockerjava.api.model.ContainerPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Link;
import com.github.dockerjava.api.model.Links;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.NetworkSettings;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Ulimit;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.api.model.VolumeBind;
import com.github.dockerjava.api.model.VolumeBinds;
import com.github.dockerjava.api.model.Volumes;
import com.github.dockerjava.api.model.VolumesFrom;
import com.github.dockerjava.core.command.CreateContainerCmdImpl;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The docker-java types that Jackson reads and writes by reflection, for the native image: the
 * requests the gateway sends and the answers it reads. The JVM build needs none of this.
 */
@RegisterForReflection(
    targets = {
      CreateContainerCmdImpl.class,
      CreateContainerResponse.class,
      InspectContainerResponse.class,
      InspectContainerResponse.ContainerState.class,
      InspectContainerResponse.Mount.class,
      InspectContainerResponse.Node.class,
      InspectImageResponse.class,
      Container.class,
      ContainerHostConfig.class,
      ContainerMount.class,
      Link.class,
      Links.class,
      ContainerConfig.class,
      ContainerNetwork.class,
      ContainerNetwork.Ipam.class,
      ContainerNetworkSettings.class,
      ContainerPort.class,
      HostConfig.class,
      Bind.class,
      Binds.class,
      Capability.class,
      LogConfig.class,
      NetworkSettings.class,
      Ports.class,
      Ports.Binding.class,
      RestartPolicy.class,
      Ulimit.class,
      Volume.class,
      VolumeBind.class,
      VolumeBinds.class,
      Volumes.class,
      VolumesFrom.class
    },
    ignoreNested = false)
final class NativeRegistrations {

  private NativeRegistrations() {}
}
